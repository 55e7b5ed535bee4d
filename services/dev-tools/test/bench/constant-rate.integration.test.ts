// The fixed-rate generator against small node:http servers on 127.0.0.1: requests spread over the run rather than
// sent in a burst, latency counted from each request's scheduled moment, and every outcome counted.
import { once } from 'node:events';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { constantRate } from '../../src/bench/constant-rate.ts';

const servers: Server[] = [];

async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  }
});

describe('constantRate', () => {
  it('sends rate x duration requests spread over the run, not in a burst', async () => {
    const arrivals: number[] = [];
    const url = await serve((_req, res) => {
      arrivals.push(performance.now());
      res.end('ok');
    });
    const started = performance.now();
    const result = await constantRate({ url, rate: 100, durationSeconds: 1 });

    expect(result).toMatchObject({ sent: 100, ok: 100, non2xx: 0, errors: 0 });
    expect(arrivals).toHaveLength(100);
    // Spread: the first half second gets about half the requests. A generator that spends each second's share as
    // fast as it can (autocannon's overallRate) would put all 100 into the first few milliseconds.
    const firstHalf = arrivals.filter((at) => at - started < 500).length;
    expect(firstHalf).toBeGreaterThan(25);
    expect(firstHalf).toBeLessThan(75);
  });

  it('counts the time from the scheduled moment, waiting for a connection included', async () => {
    const url = await serve((_req, res) => {
      setTimeout(() => res.end('slow'), 100);
    });
    // One connection, a request every 50 ms, each answered in 100 ms: they queue, and the tenth waits ~450 ms for
    // the connection. Timed from the moment each was written, every one would take ~100 ms.
    const result = await constantRate({ url, rate: 20, durationSeconds: 0.5, maxConnections: 1 });

    expect(result.ok).toBe(10);
    expect(result.p50Ms).toBeGreaterThanOrEqual(95);
    expect(result.maxMs).toBeGreaterThanOrEqual(450);
  });

  it('counts a request unanswered within the timeout as an error, at the timeout', async () => {
    const url = await serve(() => {
      // never answers
    });
    const result = await constantRate({ url, rate: 10, durationSeconds: 0.2, timeoutMs: 300 });

    expect(result).toMatchObject({ sent: 2, ok: 0, errors: 2 });
    expect(result.p50Ms).toBeGreaterThanOrEqual(300);
  });

  it('counts answers that are not 2xx and requests that get no answer', async () => {
    let count = 0;
    const url = await serve((req, res) => {
      count += 1;
      if (count % 2 === 0) {
        res.statusCode = 503;
        res.end('busy');
      } else if (count % 5 === 0) {
        req.socket.destroy();
      } else {
        res.end('ok');
      }
    });
    const result = await constantRate({ url, rate: 50, durationSeconds: 0.4 });

    expect(result.sent).toBe(20);
    expect(result.non2xx).toBe(10);
    expect(result.errors).toBe(2);
    expect(result.ok).toBe(8);
  });

  it('refuses a rate or a duration that is not positive', async () => {
    await expect(constantRate({ url: 'http://127.0.0.1:1/', rate: 0, durationSeconds: 1 })).rejects.toThrow(/must be positive/);
    await expect(constantRate({ url: 'http://127.0.0.1:1/', rate: 10, durationSeconds: -1 })).rejects.toThrow(/must be positive/);
  });
});
