// Which Compose this machine has: the v2 plugin (`docker compose`) when it answers, else the standalone
// docker-compose (1.29 on Debian bookworm), else none. Asking needs no Docker engine.
import { execFile } from 'node:child_process';

export type ComposeCommand = readonly [string, ...string[]];

function answers(command: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 10_000 }, (error, stdout) => resolve(error ? undefined : stdout.trim()));
  });
}

export async function findCompose(): Promise<{ command: ComposeCommand; version: string } | undefined> {
  const plugin = await answers('docker', ['compose', 'version', '--short']);
  if (plugin) return { command: ['docker', 'compose'], version: plugin };
  const standalone = await answers('docker-compose', ['version', '--short']);
  if (standalone) return { command: ['docker-compose'], version: standalone };
  return undefined;
}
