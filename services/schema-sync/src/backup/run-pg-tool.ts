// Runs pg_dump / pg_restore / psql and waits for them. Archives move through file descriptors handed
// to the child as stdin/stdout, never through --file paths: the project-local client runs in a chroot
// where host paths do not exist. A descriptor of a regular file is also seekable, which pg_dump uses
// to record data offsets and pg_restore needs to restore tables in dependency order.
// node:child_process rather than execa (used everywhere else): pg_dump writes, and pg_restore reads, an open file's
// descriptor directly, which execa's stdio options do not take.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { maskSecrets } from './pg-connection.ts';

export interface RunPgToolOptions {
  env: NodeJS.ProcessEnv;
  /** Masked out of error messages. */
  secrets: readonly string[];
  /** File descriptor to use as the tool's stdin (default: none). */
  stdinFd?: number;
  /** File descriptor to use as the tool's stdout (default: captured and returned). */
  stdoutFd?: number;
}

export class PgToolError extends Error {
  override name = 'PgToolError';
}

export function runPgTool(command: string, args: readonly string[], options: RunPgToolOptions): Promise<{ stdout: string; stderr: string }> {
  const tool = path.basename(command);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env,
      stdio: [options.stdinFd ?? 'ignore', options.stdoutFd ?? 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => reject(new PgToolError(`could not run ${command}: ${error.message}`)));
    // 'close' (not 'exit') fires after stdout/stderr have been read to the end.
    child.on('close', (code, signal) => {
      const err = maskSecrets(Buffer.concat(stderr).toString('utf8').trim(), options.secrets);
      if (code === 0) {
        resolve({ stdout: Buffer.concat(stdout).toString('utf8'), stderr: err });
        return;
      }
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      reject(new PgToolError(`${tool} ${how}${err ? `:\n${err}` : ' (no error output)'}`));
    });
  });
}
