// Runs a command to completion and collects its output: what tests of our command-line entry points
// (db:sync, doctor, db:backup, the schema-engine stand-in, server.ts refusing bad config) and make smoke need.
import { spawn } from 'node:child_process';

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Sees each piece of output as it arrives (make smoke shows a long `make up` while it runs). */
  onOutput?: (chunk: string) => void;
}

export function runToExit(command: string, args: readonly string[], options: RunOptions = {}): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      options.onOutput?.(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      options.onOutput?.(chunk);
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A Node script of ours, run with the same Node that runs the tests. */
export function runNodeScript(script: string, args: readonly string[], options: RunOptions = {}): Promise<Finished> {
  return runToExit(process.execPath, [script, ...args], options);
}
