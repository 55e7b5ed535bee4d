// Check 2: Docker engine and Compose, for `make up`. Their absence is a warning only: `make dev`
// runs the whole stack without Docker.
import type { CheckResult, CommandResult, DoctorWorld } from '../types.ts';
import { isSupportedCompose, MIN_COMPOSE } from '../../containers/compose-command.ts';

export const DOCKER_TIMEOUT_MS = 4_000;

const NO_DOCKER_NEEDED = '`make dev` runs everything without Docker';

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .find(Boolean) ?? ''
  );
}

interface DockerVersion {
  Client?: { Version?: string } | null;
  Server?: { Version?: string } | null;
}

function parseVersionJson(stdout: string): DockerVersion | undefined {
  const line = stdout
    .split('\n')
    .map((part) => part.trim())
    .find((part) => part.startsWith('{'));
  if (!line) return undefined;
  try {
    return JSON.parse(line) as DockerVersion;
  } catch {
    return undefined;
  }
}

/** Decides from `docker version --format '{{json .}}'`. */
export function dockerResult(result: CommandResult): CheckResult {
  const name = 'docker';
  if (result.error === 'not-found') {
    return {
      name,
      status: 'warn',
      detail: 'docker is not installed',
      fix: `${NO_DOCKER_NEEDED}; for \`make up\` install Docker (https://docs.docker.com/engine/install/)`,
    };
  }
  if (result.error === 'timeout') {
    return {
      name,
      status: 'warn',
      detail: `\`docker version\` gave no answer within ${DOCKER_TIMEOUT_MS / 1000} s (engine hung or DOCKER_HOST unreachable)`,
      fix: `restart the Docker engine or check DOCKER_HOST / \`docker context ls\`; ${NO_DOCKER_NEEDED}`,
    };
  }
  const parsed = parseVersionJson(result.stdout);
  const client = parsed?.Client?.Version;
  const server = parsed?.Server?.Version;
  if (server) return { name, status: 'ok', detail: `engine ${server} reachable (client ${client ?? 'unknown'})` };
  if (client) {
    const why = firstLine(result.stderr);
    return {
      name,
      status: 'warn',
      detail: `client ${client}, but no Docker engine running${why ? ` (${why.slice(0, 160)})` : ''}`,
      fix: `no Docker engine running: use \`make dev\` (needs no Docker), or start Docker (e.g. \`sudo systemctl start docker\`) for \`make up\``,
    };
  }
  return {
    name,
    status: 'warn',
    detail: `\`docker version\` failed (exit ${result.code ?? '?'}): ${firstLine(result.stderr || result.stdout || result.error || '').slice(0, 160) || 'no output'}`,
    fix: `check the Docker installation (\`docker version\`); ${NO_DOCKER_NEEDED}`,
  };
}

export async function checkDocker(world: DoctorWorld): Promise<CheckResult> {
  return dockerResult(await world.run('docker', ['version', '--format', '{{json .}}'], { timeoutMs: DOCKER_TIMEOUT_MS }));
}

function composeVersion(result: CommandResult): string | undefined {
  if (result.code !== 0) return undefined;
  const match = /v?(\d+\.\d+\.\d+[\w.+-]*)/.exec(result.stdout);
  return match?.[1];
}

/**
 * Decides from `docker compose version` (Compose v2, which `make up` needs at 2.24 or newer) and, only to say what
 * is wrong, `docker-compose version` (Compose v1, end-of-life, not used).
 */
export function composeResult(plugin: CommandResult, standalone: CommandResult | undefined): CheckResult {
  const name = 'compose';
  const fix = `${NO_DOCKER_NEEDED}; for \`make up\` install Docker Compose v2 (Docker Desktop has it; on Debian: services/machine-workarounds/bin/docker-cli-plugins.sh)`;
  const pluginVersion = composeVersion(plugin);
  if (pluginVersion && isSupportedCompose(pluginVersion)) return { name, status: 'ok', detail: `\`docker compose\` ${pluginVersion} (Compose v2 plugin)` };
  if (pluginVersion) {
    return {
      name,
      status: 'warn',
      detail: `\`docker compose\` ${pluginVersion} is older than ${MIN_COMPOSE.major}.${MIN_COMPOSE.minor}, which \`make up\` needs`,
      fix,
    };
  }
  const standaloneVersion = standalone ? composeVersion(standalone) : undefined;
  if (standaloneVersion) {
    return {
      name,
      status: 'warn',
      detail: `only \`docker-compose\` ${standaloneVersion} (Compose v1, end-of-life since 2023): \`make up\` needs Compose v2`,
      fix,
    };
  }
  const timedOut = plugin.error === 'timeout' || standalone?.error === 'timeout';
  return {
    name,
    status: 'warn',
    detail: timedOut ? 'Compose did not answer in time' : 'no Docker Compose v2 (`docker compose`) here',
    fix,
  };
}

export async function checkCompose(world: DoctorWorld): Promise<CheckResult> {
  // Both at once, so the check takes one time limit at most; the plugin wins when both answer.
  const [plugin, standalone] = await Promise.all([
    world.run('docker', ['compose', 'version'], { timeoutMs: DOCKER_TIMEOUT_MS }),
    world.run('docker-compose', ['version'], { timeoutMs: DOCKER_TIMEOUT_MS }),
  ]);
  return composeResult(plugin, standalone);
}
