// A readiness check whose measurement is too costly for every probe (probes arrive every few seconds from every load
// balancer): it measures at start and then on an interval, and /api/health reports the latest result.
import type { CheckResult, HealthCheck } from './checks.ts';

export interface PeriodicCheck extends HealthCheck {
  /** Measures now and then every intervalMs (0: only once). */
  start(): void;
  stop(): void;
  /** Runs one measurement and stores its result (also what start() schedules); concurrent calls share one run. */
  refresh(): Promise<void>;
}

export function createPeriodicCheck(options: {
  name: string;
  /** What the check reports before its first measurement ends. */
  initial: CheckResult;
  intervalMs: number;
  /** Must not throw: a failed measurement is a result like any other (the caller knows what it means). */
  measure: () => Promise<CheckResult>;
  /**
   * A measurement still running after this long is reported as a `warn` (and the next interval measures again): a
   * database that stops answering must not leave an old result standing forever.
   */
  timeoutMs?: number;
}): PeriodicCheck {
  const timeoutMs = options.timeoutMs ?? 10_000;
  let latest = options.initial;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const check: PeriodicCheck = {
    name: options.name,
    run: async () => latest,
    refresh() {
      if (running) return running;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<CheckResult>((resolve) => {
        timer = setTimeout(
          () => resolve({ ...options.initial, status: 'warn', time: new Date().toISOString(), output: `no answer within ${timeoutMs} ms` }),
          timeoutMs,
        );
      });
      running = Promise.race([options.measure(), late])
        .then((result) => {
          latest = result;
        })
        .finally(() => {
          clearTimeout(timer);
          running = undefined;
        });
      return running;
    },
    start() {
      void check.refresh();
      if (options.intervalMs > 0) {
        timer = setInterval(() => void check.refresh(), options.intervalMs);
        timer.unref(); // never keeps the process alive on its own
      }
    },
    stop() {
      clearInterval(timer);
    },
  };
  return check;
}
