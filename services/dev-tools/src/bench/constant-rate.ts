// Latency at a fixed arrival rate (an open-model load): one request every 1/rate seconds, evenly spaced, whether
// or not earlier ones have been answered, the way wrk2, vegeta and k6's constant-arrival-rate send load.
//
// Why not autocannon's overallRate: it spends each connection's share of the second as fast as the connection
// allows and then waits for the next second (autocannon issue #174), so "500 requests/s" is half a second at
// full saturation followed by half a second of nothing, and its p99 is a saturated p99. Its coordinated-omission
// correction also assumes an interval of ceil(1/rate) = 1 ms per connection, which counts every slow response
// once per millisecond it took. The maintained constant-rate generator on npm (loadtest) brings 30 packages
// with native builds (websocket, bufferutil) and times from the moment a request is written. So this module
// schedules the requests itself and sends them through undici (Node's own fetch client; here its Pool, which
// costs the sending process far less CPU per request than node:http's client); the histogram is
// hdr-histogram-js, the one autocannon uses.
//
// Each latency is measured from the request's scheduled moment, not from when it was written: if this process
// falls behind, the delay counts against the server measured, never in its favour. So does a failure: a request
// that gets no whole answer within the timeout (counted from its scheduled moment, waiting for a connection
// included) is an error and enters the latencies as the timeout.
import { build } from 'hdr-histogram-js';
import { Pool } from 'undici';

export interface ConstantRateOptions {
  url: string;
  headers?: Record<string, string>;
  /** Requests per second. */
  rate: number;
  durationSeconds: number;
  /** A request not wholly answered this long after its scheduled moment is an error (default 10 s), so the run ends
   * at most this long after its last scheduled send. */
  timeoutMs?: number;
  /** Connections kept open to the server (default 64); requests beyond them wait, and the wait is measured. */
  maxConnections?: number;
}

export interface ConstantRateResult {
  rate: number;
  sent: number;
  /** Answers with a 2xx status. */
  ok: number;
  non2xx: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** How late, at worst, this process sent a request after its scheduled moment (already inside the latencies). */
  maxSendLagMs: number;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

export async function constantRate(options: ConstantRateOptions): Promise<ConstantRateResult> {
  const { rate, durationSeconds } = options;
  if (!(rate > 0) || !(durationSeconds > 0)) throw new Error(`constantRate: rate and durationSeconds must be positive (got ${rate}, ${durationSeconds})`);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const total = Math.round(rate * durationSeconds);
  const intervalMs = 1000 / rate;
  const target = new URL(options.url);
  const path = `${target.pathname}${target.search}`;
  const pool = new Pool(target.origin, { connections: options.maxConnections ?? 64 });
  // Microseconds, 1 µs up to the timeout (and a little over: timers fire late), at 3 significant digits.
  const latencies = build({ lowestDiscernibleValue: 1, highestTrackableValue: (timeoutMs + 60_000) * 1000, numberOfSignificantValueDigits: 3 });
  let sent = 0;
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let maxSendLagMs = 0;

  const requests: Promise<void>[] = [];
  const record = (ms: number) => latencies.recordValue(Math.max(1, Math.round(ms * 1000)));
  const send = async (scheduledAt: number) => {
    try {
      const signal = AbortSignal.timeout(Math.max(1, Math.ceil(scheduledAt + timeoutMs - performance.now())));
      const response = await pool.request({ path, method: 'GET', headers: options.headers, signal });
      // Read to the end (unlike body.dump(), this fails when the body is cut off and has no size limit).
      for await (const chunk of response.body) void chunk;
      record(performance.now() - scheduledAt);
      if (response.statusCode >= 200 && response.statusCode < 300) ok += 1;
      else non2xx += 1;
    } catch {
      record(Math.max(timeoutMs, performance.now() - scheduledAt));
      errors += 1;
    }
  };

  const started = performance.now();
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      // Every request whose moment has come; more than one only when the timer fired late.
      while (sent < total && started + sent * intervalMs <= now) {
        const scheduledAt = started + sent * intervalMs;
        maxSendLagMs = Math.max(maxSendLagMs, now - scheduledAt);
        requests.push(send(scheduledAt));
        sent += 1;
      }
      if (sent >= total) return done();
      setTimeout(tick, Math.max(0, started + sent * intervalMs - performance.now()));
    };
    tick();
  });
  await Promise.all(requests);
  await pool.close();

  const percentile = (p: number) => round2(latencies.getValueAtPercentile(p) / 1000);
  const result = {
    rate,
    sent,
    ok,
    non2xx,
    errors,
    p50Ms: percentile(50),
    p99Ms: percentile(99),
    maxMs: round2(latencies.maxValue / 1000),
    maxSendLagMs: round2(maxSendLagMs),
  };
  latencies.destroy();
  return result;
}
