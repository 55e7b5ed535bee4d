// Which Compose this machine has: Docker Compose v2, the `docker compose` CLI plugin, at 2.24 or newer (the
// host-network override uses its `!reset` tag). Compose v1 (the standalone docker-compose 1.x) has been
// end-of-life since 2023 and is not used; where only v1 answers, the message says how to get v2. Asking needs no
// Docker engine.
import { execa } from 'execa';

export type ComposeCommand = readonly [string, ...string[]];
export const MIN_COMPOSE = { major: 2, minor: 24 } as const;

async function answers(command: string, args: string[]): Promise<string | undefined> {
  const result = await execa(command, args, { timeout: 10_000, reject: false, stdin: 'ignore' });
  return result.failed ? undefined : result.stdout.trim();
}

/** "2.26.1-4" (Debian), "v2.29.7", "2.24.0-desktop.1" -> major and minor; undefined when it is not a version. */
export function composeVersion(text: string): { major: number; minor: number } | undefined {
  const match = /^v?(\d+)\.(\d+)/.exec(text.trim());
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined;
}

export function isSupportedCompose(text: string): boolean {
  const version = composeVersion(text);
  return version !== undefined && (version.major > MIN_COMPOSE.major || (version.major === MIN_COMPOSE.major && version.minor >= MIN_COMPOSE.minor));
}

export type ComposeLookup = { command: ComposeCommand; version: string } | { problem: string };

export async function lookUpCompose(): Promise<ComposeLookup> {
  const plugin = await answers('docker', ['compose', 'version', '--short']);
  const wanted = `${MIN_COMPOSE.major}.${MIN_COMPOSE.minor}`;
  if (plugin && isSupportedCompose(plugin)) return { command: ['docker', 'compose'], version: plugin };
  if (plugin)
    return {
      problem: `docker compose ${plugin} is older than ${wanted}: update Docker Compose (or run services/machine-workarounds/bin/docker-cli-plugins.sh on Debian)`,
    };
  const v1 = await answers('docker-compose', ['version', '--short']);
  const how = 'install Docker Compose v2 (Docker Desktop has it; on Debian, services/machine-workarounds/bin/docker-cli-plugins.sh fetches it)';
  return { problem: v1 ? `only docker-compose ${v1} (Compose v1, end-of-life) is here: ${how}` : `no Docker Compose v2 here (\`docker compose\`): ${how}` };
}

export async function findCompose(): Promise<{ command: ComposeCommand; version: string } | undefined> {
  const found = await lookUpCompose();
  return 'problem' in found ? undefined : found;
}
