// Polls a health URL until it answers 200 or the child that should serve it exits. Polling is the
// only way to observe another process becoming ready over HTTP; the interval is short and bounded.
import type { ChildProcess } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';

export async function waitForHealthy(url: string, options: { child: ChildProcess; timeoutMs: number }): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (options.child.exitCode !== null || options.child.signalCode !== null) {
      throw new Error(`the process serving ${url} exited (${options.child.exitCode ?? options.child.signalCode}) before it was healthy`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
      lastProblem = `HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await delay(150);
  }
  throw new Error(`${url} was not healthy after ${options.timeoutMs} ms (last: ${lastProblem})`);
}
