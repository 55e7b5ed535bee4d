// The one process supervisor of the local stack: every long-running Node process it starts (server.ts, the worker,
// next dev, the web's standalone server, next build, the bench's floor) runs under it, whoever asked (make dev,
// npm start, the browser tests, the resilience suite, make bench). Its output kept, a way to wait for a line it
// prints, a bounded stop, and no child outliving the process that started it.
//
// Output is kept in memory, written to this terminal (make dev, npm start), or, with `logFile`, written to that
// file by the child itself: make bench's API logs a line per request, and the process that generates the load
// must not spend its own CPU reading them.
// `group`: the child leads a process group of its own and every signal goes to the whole group, so the helpers it
// starts (next build's workers, next dev's server) stop with it.
// node:child_process rather than execa (which runs the commands that run to their end): a supervised server's
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
  /** 'close', not 'exit': settles after the last of the output has been read. `error` when it could not start. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>;
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
  /** Run it in a process group of its own and signal the whole group (it starts helpers of its own). */
  group?: boolean;
}

// The last line of defence: no child outlives the process that started it, whatever ended that process (a signal
// during make dev's start-up, vitest exiting without its teardown). Synchronous, as 'exit' handlers must be.
const live = new Map<ChildProcess, boolean>();
process.on('exit', () => {
  for (const [child, group] of live) if (isRunning(child)) signal(child, group, 'SIGKILL');
});

const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

function signal(child: ChildProcess, group: boolean, name: NodeJS.Signals): void {
  try {
    if (group && child.pid) process.kill(-child.pid, name);
    else child.kill(name);
  } catch {
    child.kill(name); // the group is already gone; the leader may not be
  }
}

function track(child: ChildProcess, group: boolean): ChildProcess {
  live.set(child, group);
  child.once('exit', () => live.delete(child));
  // A process that cannot be started (EACCES, ENOENT) emits 'error': settled in `exited`, never thrown.
  child.on('error', () => {});
  return child;
}

export function startNodeProcess(script: string, options: NodeProcessOptions): NodeProcess {
  const group = options.group === true;
  const args = [...(options.nodeArgs ?? []), script, ...(options.args ?? [])];
  const spawnWith = (stdio: 'inherit' | ['ignore', 'pipe', 'pipe'] | ['ignore', number, number]) =>
    track(spawn(process.execPath, args, { cwd: options.cwd, env: options.env, stdio, detached: group }), group);
  if (options.inherit) return toTerminal(script, spawnWith('inherit'), group);
  if (options.logFile) {
    const fd = openSync(options.logFile, 'w'); // a reused path starts empty: no line of an earlier run can match
    try {
      return logToFile(script, spawnWith(['ignore', fd, fd]), group, options.logFile);
    } finally {
      closeSync(fd); // the child has its own copy
    }
  }
  return logToMemory(script, spawnWith(['ignore', 'pipe', 'pipe']), group);
}

/** Waits for a process that runs to its end (next build), stopping it after `timeoutMs`; its exit code, or why not. */
export async function finishes(process: NodeProcess, timeoutMs: number): Promise<{ code: number | null; timedOut: boolean; error?: Error }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), timeoutMs);
  });
  const outcome = await Promise.race([process.exited, late]);
  clearTimeout(timer);
  if (outcome === 'late') {
    await process.stop();
    return { code: null, timedOut: true };
  }
  return { code: outcome.code, timedOut: false, ...(outcome.error ? { error: outcome.error } : {}) };
}

function toTerminal(script: string, child: ChildProcess, group: boolean): NodeProcess {
  const exited = exitOf(child);
  return {
    child,
    output: () => '',
    exited,
    waitForOutput: () => Promise.reject(new Error(`${script} writes to the terminal; its output cannot be awaited`)),
    stop: stopper(child, group, exited),
  };
}

function logToMemory(script: string, child: ChildProcess, group: boolean): NodeProcess {
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
    stop: stopper(child, group, exited),
  };
}

/** The output goes to `file`, written by the child through its own descriptors; lines are found by reading it. */
function logToFile(script: string, child: ChildProcess, group: boolean, file: string): NodeProcess {
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
    stop: stopper(child, group, exited),
  };
}

/** Settles on 'close' (after the last output), or on 'error' (the process could not be started). */
function exitOf(child: ChildProcess): NodeProcess['exited'] {
  return new Promise((resolve) => {
    child.once('close', (code: number | null, signalName: NodeJS.Signals | null) => resolve({ code, signal: signalName }));
    child.once('error', (error) => {
      if (child.pid === undefined) resolve({ code: null, signal: null, error }); // never started: no 'close' follows
    });
  });
}

/** Sends `signal` (to the group, for a group leader) and waits for the exit; SIGKILL after `killAfterMs`. */
function stopper(child: ChildProcess, group: boolean, exited: Promise<unknown>): NodeProcess['stop'] {
  return async ({ signal: name = 'SIGTERM', killAfterMs = 15_000 } = {}) => {
    if (!isRunning(child) || child.pid === undefined) return;
    signal(child, group, name);
    const timer = setTimeout(() => signal(child, group, 'SIGKILL'), killAfterMs);
    await exited;
    clearTimeout(timer);
  };
}
