// Runs an external command (no shell) with a hard time limit, for the doctor's probes of docker,
// pg_dump and friends. Never rejects: a missing executable or a timeout is part of the answer.
// node:child_process rather than execa: on a timeout this answers at once, without waiting for the pipes to close
// (a grandchild of docker may hold them open), which execa's promise always waits for.
import { spawn } from 'node:child_process';
import type { CommandResult, RunCommand } from './types.ts';

const DEFAULT_TIMEOUT_MS = 3_000;
const MAX_OUTPUT = 256 * 1024;

export function createRunCommand(env: NodeJS.ProcessEnv = process.env): RunCommand {
  return (command, args, options = {}) =>
    new Promise<CommandResult>((resolve) => {
      const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      let stdout = '';
      let stderr = '';
      let settled = false;
      const finish = (result: CommandResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const child = spawn(command, [...args], { env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        if (stdout.length < MAX_OUTPUT) stdout += chunk;
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        if (stderr.length < MAX_OUTPUT) stderr += chunk;
      });
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        // Do not wait for 'close': a grandchild may still hold the pipes open.
        child.stdout.destroy();
        child.stderr.destroy();
        finish({ code: null, stdout, stderr, error: 'timeout' });
      }, timeoutMs);
      child.once('error', (error: NodeJS.ErrnoException) => {
        finish({ code: null, stdout, stderr, error: error.code === 'ENOENT' ? 'not-found' : (error.code ?? error.message) });
      });
      child.once('close', (code, signal) => {
        finish({ code: code ?? null, stdout, stderr, ...(code === null ? { error: `killed by ${signal ?? 'a signal'}` } : {}) });
      });
    });
}
