// Runs a command to completion and collects its output: what tests of our command-line entry points
// (db:sync, doctor, db:backup, the schema-engine stand-in, server.ts refusing bad config) and make smoke need.
import { StringDecoder } from 'node:string_decoder';
import { execa } from 'execa';

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

/** Resolves with the exit code and the whole output, whatever the exit code; rejects only when it cannot start. */
export async function runToExit(command: string, args: readonly string[], options: RunOptions = {}): Promise<Finished> {
  const subprocess = execa(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    extendEnv: false,
    stdin: 'ignore',
    reject: false,
    stripFinalNewline: false,
  });
  if (options.onOutput) {
    const onOutput = options.onOutput;
    for (const stream of [subprocess.stdout, subprocess.stderr]) {
      const decoder = new StringDecoder('utf8'); // a character split across two chunks stays one character
      stream.on('data', (chunk: Buffer) => onOutput(decoder.write(chunk)));
    }
  }
  const result = await subprocess;
  if (result.exitCode === undefined && result.signal === undefined) throw new Error(result.message);
  return { code: result.exitCode ?? null, stdout: result.stdout, stderr: result.stderr };
}

/** A Node script of ours, run with the same Node that runs the tests. */
export function runNodeScript(script: string, args: readonly string[], options: RunOptions = {}): Promise<Finished> {
  return runToExit(process.execPath, [script, ...args], options);
}
