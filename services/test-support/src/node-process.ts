// A long-running Node script of ours (server.ts, the bench's floor, make dev) as a child process: its output kept,
// a way to wait for a line it prints, and a bounded stop. Shared by the resilience suite and `make bench`; for a
// script that runs to completion, see run-to-exit.ts.
//
// Output is kept in memory, or, with `logFile`, written to that file by the child itself. make bench uses the
// file: a server under load logs a line per request, and the process that generates the load must not spend its
// own CPU reading them (the API's lines would slow the measurement of the API, and only of the API).
// node:child_process rather than execa (which runs every command that runs to its end): a supervised server's
// output goes straight into a log file's descriptor, which execa's stdio options do not take.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

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

export interface NodeProcessOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  nodeArgs?: readonly string[];
  /** Arguments for the script itself. */
  args?: readonly string[];
  /** Write the output to this file (emptied first) instead of keeping it in memory. */
  logFile?: string;
  /** Write the output to this process's terminal (make dev); waitForOutput is then unavailable. */
  inherit?: boolean;
}

// The last line of defence: no child outlives the process that started it, whatever ended that process (a signal
// during make dev's start-up, vitest exiting without its teardown). Synchronous, as 'exit' handlers must be.
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function track(child: ChildProcess): ChildProcess {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

export function startNodeProcess(script: string, options: NodeProcessOptions): NodeProcess {
  const args = [...(options.nodeArgs ?? []), script, ...(options.args ?? [])];
  if (options.inherit) return toTerminal(script, args, options);
  return options.logFile ? logToFile(script, args, options, options.logFile) : logToMemory(script, args, options);
}

function toTerminal(script: string, args: string[], options: NodeProcessOptions): NodeProcess {
  const child = track(spawn(process.execPath, args, { cwd: options.cwd, env: options.env, stdio: 'inherit' }));
  const exited = exitOf(child);
  return {
    child,
    output: () => '',
    exited,
    waitForOutput: () => Promise.reject(new Error(`${script} writes to the terminal; its output cannot be awaited`)),
    stop: stopper(child, exited),
  };
}

function logToMemory(script: string, args: string[], options: NodeProcessOptions): NodeProcess {
  const child = track(spawn(process.execPath, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] }));
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
  const exited = exitOf(child);
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
    stop: stopper(child, exited),
  };
}

/** The output goes to `file`, written by the child through its own descriptors; lines are found by reading it. */
function logToFile(script: string, args: string[], options: NodeProcessOptions, file: string): NodeProcess {
  const fd = openSync(file, 'w'); // a reused path starts empty: no line of an earlier run can match
  let child: ChildProcess;
  try {
    child = track(spawn(process.execPath, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', fd, fd] }));
  } finally {
    closeSync(fd); // the child has its own copy
  }
  const exited = exitOf(child);
  let done = false;
  void exited.then(() => (done = true));
  const output = () => readFileSync(file, 'utf8');
  return {
    child,
    output,
    exited,
    // A file raises no event for a new line, so this reads it every 100 ms, up to the timeout.
    async waitForOutput(pattern, timeoutMs = 30_000) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const finished = done;
        const lines = output().split('\n');
        lines.pop(); // a line still being written, or the empty string after the last newline
        const line = lines.find((candidate) => pattern.test(candidate));
        if (line !== undefined) return line;
        if (finished) throw new Error(`${script} exited before printing ${pattern}:\n${output().slice(-3000)}`);
        if (performance.now() > deadline) throw new Error(`${script}: no output line matching ${pattern} within ${timeoutMs} ms:\n${output().slice(-3000)}`);
        await delay(100);
      }
    },
    stop: stopper(child, exited),
  };
}

/** Settles on 'close' (after the last output), or on 'error' (the process could not be started or signalled). */
function exitOf(child: ChildProcess): NodeProcess['exited'] {
  return new Promise((resolve) => {
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: null, signal: null }));
  });
}

/** Sends `signal` and waits for the exit; SIGKILL after `killAfterMs`. */
function stopper(child: ChildProcess, exited: Promise<unknown>): NodeProcess['stop'] {
  return async ({ signal = 'SIGTERM', killAfterMs = 15_000 } = {}) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    await exited;
    clearTimeout(timer);
  };
}
