// A long-running Node script of ours (server.ts, the bench's floor, make dev) as a child process: its output kept,
// a way to wait for a line it prints, and a bounded stop. Shared by the resilience suite and `make bench`; for a
// script that runs to completion, see run-to-exit.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export interface NodeProcess {
  child: ChildProcess;
  /** Everything the process wrote, stdout and stderr interleaved. */
  output(): string;
  /** Resolves with the first line matching `pattern`, printed before or after the call; rejects on timeout or exit. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** 'close', not 'exit': settles after the last of the output has been read. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` (SIGTERM) and waits for the exit; SIGKILL after `killAfterMs` (15 s). */
  stop(options?: { signal?: NodeJS.Signals; killAfterMs?: number }): Promise<void>;
}

export function startNodeProcess(script: string, options: { cwd: string; env: NodeJS.ProcessEnv; nodeArgs?: readonly string[] }): NodeProcess {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const lines: string[] = [];
  let partial = '';
  const waiters = new Set<{ pattern: RegExp; resolve: (line: string) => void }>();
  const onData = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output += text;
    const parts = (partial + text).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const waiter of waiters) {
        if (!waiter.pattern.test(line)) continue;
        waiters.delete(waiter);
        waiter.resolve(line);
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = once(child, 'close').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  const running = () => child.exitCode === null && child.signalCode === null;

  return {
    child,
    output: () => output,
    exited,
    waitForOutput(pattern, timeoutMs = 30_000) {
      const already = lines.find((line) => pattern.test(line));
      if (already !== undefined) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const waiter = {
          pattern,
          resolve: (line: string) => {
            clearTimeout(timer);
            resolve(line);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`${script}: no output line matching ${pattern} within ${timeoutMs} ms:\n${output.slice(-3000)}`));
        }, timeoutMs);
        waiters.add(waiter);
        void exited.then(({ code, signal }) => {
          if (!waiters.delete(waiter)) return; // already matched or timed out
          clearTimeout(timer);
          reject(new Error(`${script} exited (${code ?? signal}) before printing ${pattern}:\n${output.slice(-3000)}`));
        });
      });
    },
    async stop({ signal = 'SIGTERM', killAfterMs = 15_000 } = {}) {
      if (!running()) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
