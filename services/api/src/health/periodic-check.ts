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
}): PeriodicCheck {
  let latest = options.initial;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const check: PeriodicCheck = {
    name: options.name,
    run: async () => latest,
    refresh() {
      running ??= options
        .measure()
        .then((result) => {
          latest = result;
        })
        .finally(() => {
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
