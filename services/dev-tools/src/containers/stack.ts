// The compose stack as one object: which Compose to call, with which files and project name, and how to
// wait until it is up. `make up/down/logs/ps/db-shell`, the compose-side backups and `make smoke` all go
// through it, so there is one place that knows how the stack is started.
//   MONITRAX_COMPOSE_PROJECT  project name (default monitrax; smoke uses monitrax-smoke)
//   COMPOSE_FILE              Compose's own list of files (default compose.yaml); a machine whose engine has no
//                             bridge network adds its host-network override here (docs/machine-workarounds.md)
import { execa } from 'execa';
import path from 'node:path';
import { REPO_ROOT } from '@monitrax/database/paths';
import { lookUpCompose, type ComposeCommand } from './compose-command.ts';
import { assertHostNetwork } from './host-network.ts';

export const STACK_SERVICES = ['db', 'schema', 'api', 'web'] as const;
export type StackService = (typeof STACK_SERVICES)[number];
/** Every service of compose.yaml: the worker too, which has no health check to wait for. */
export type ComposeService = StackService | 'worker';
/** The long-running services and the one-shot that must exit 0 before the api starts. */
const HEALTHY: readonly StackService[] = ['db', 'api', 'web'];
const ONE_SHOT: StackService = 'schema';

export interface StackOptions {
  project: string;
  env: NodeJS.ProcessEnv;
}

export function stackOptionsFrom(env: NodeJS.ProcessEnv): StackOptions {
  return { project: env.MONITRAX_COMPOSE_PROJECT || 'monitrax', env };
}

/** COMPOSE_FILE's files (Compose's own variable, split as Compose splits it), else compose.yaml. */
export function composeFiles(env: NodeJS.ProcessEnv): string[] {
  const listed = (env.COMPOSE_FILE ?? '').split(env.COMPOSE_PATH_SEPARATOR || path.delimiter).filter(Boolean);
  return (listed.length > 0 ? listed : ['compose.yaml']).map((file) => path.resolve(REPO_ROOT, file));
}

export class StackError extends Error {
  override name = 'StackError';
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function run(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; inherit?: boolean; timeoutMs?: number } = {},
): Promise<RunResult> {
  const result = await execa(command, args, {
    cwd: REPO_ROOT,
    env: options.env ?? process.env,
    extendEnv: false,
    stdio: options.inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    reject: false,
    stripFinalNewline: false,
    forceKillAfterDelay: false,
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
  });
  if (result.exitCode === undefined && result.signal === undefined && !result.timedOut)
    throw new StackError(`could not run ${command}: ${result.shortMessage}`);
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return { code: result.exitCode ?? (result.signal ? 128 : 1), stdout: text(result.stdout), stderr: text(result.stderr) };
}

export interface ContainerState {
  id: string;
  status: string;
  exitCode: number;
  health: string | undefined;
  user: string;
  /** How often the engine restarted it (restart: unless-stopped): a crash loop never shows as exited. */
  restarts: number;
}

export class Stack {
  readonly options: StackOptions;
  readonly compose: { command: ComposeCommand; version: string };
  /** The engine has no bridge network: every service must be on the host's (checked before anything starts). */
  readonly hostNetwork: boolean;
  private readonly files: string[];

  private constructor(options: StackOptions, compose: Stack['compose'], files: string[], hostNetwork: boolean) {
    this.options = options;
    this.compose = compose;
    this.files = files;
    this.hostNetwork = hostNetwork;
  }

  /** Finds Compose and, on an engine without a bridge network, checks that the merged config puts every service on the host's. */
  static async open(options: StackOptions): Promise<Stack> {
    const compose = await lookUpCompose();
    if ('problem' in compose) throw new StackError(`${compose.problem}. Without Docker, run the same stack natively: make dev`);
    const bridge = await run('docker', ['network', 'inspect', 'bridge'], { env: options.env, timeoutMs: 20_000 });
    const stack = new Stack(options, compose, composeFiles(options.env), bridge.code !== 0);
    if (stack.hostNetwork) {
      const merged = await stack.run(['config', '--format', 'json']);
      if (merged.code !== 0) throw new StackError(`compose config failed:\n${merged.stderr.trim()}`);
      assertHostNetwork(JSON.parse(merged.stdout));
    }
    return stack;
  }

  /** Compose's arguments before the subcommand. */
  get args(): string[] {
    const [, ...prefix] = this.compose.command;
    return [...prefix, '-p', this.options.project, '--project-directory', REPO_ROOT, ...this.files.flatMap((file) => ['-f', file])];
  }

  /** The whole command as one line (for docker/compose-pg-bin, which runs `$MONITRAX_COMPOSE exec ...`). */
  get commandLine(): string {
    return [this.compose.command[0], ...this.args].map((part) => (/^[\w./:=@-]+$/.test(part) ? part : `'${part.replace(/'/g, `'\\''`)}'`)).join(' ');
  }

  run(subcommand: readonly string[], options: { inherit?: boolean; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
    return run(this.compose.command[0], [...this.args, ...subcommand], { ...options, env: { ...this.options.env, ...options.env } });
  }

  async containerId(service: StackService): Promise<string | undefined> {
    // -a: Compose v2 lists only running containers otherwise, and the schema one-shot has exited.
    const result = await this.run(['ps', '-a', '-q', service]);
    return result.stdout.trim().split('\n').filter(Boolean)[0];
  }

  async state(service: StackService): Promise<ContainerState | undefined> {
    const id = await this.containerId(service);
    if (!id) return undefined;
    const format = '{{.State.Status}}|{{.State.ExitCode}}|{{if .State.Health}}{{.State.Health.Status}}{{end}}|{{.Config.User}}|{{.RestartCount}}';
    const result = await run('docker', ['inspect', '--format', format, id], { env: this.options.env });
    if (result.code !== 0) return undefined;
    const [status = '', exitCode = '', health = '', user = '', restarts = '0'] = result.stdout.trim().split('|');
    return { id, status, exitCode: Number(exitCode), health: health || undefined, user, restarts: Number(restarts) };
  }

  /**
   * Waits until db, api and web report healthy and the schema one-shot exited 0. Fails fast when the one-shot
   * exits non-zero or a service stops, with that service's last log lines.
   */
  async waitUntilReady(options: { timeoutMs: number; onChange?: (line: string) => void }): Promise<void> {
    const deadline = Date.now() + options.timeoutMs;
    let last = '';
    for (;;) {
      const states = new Map<StackService, ContainerState | undefined>();
      for (const service of STACK_SERVICES) states.set(service, await this.state(service));
      const summary = STACK_SERVICES.map((service) => `${service} ${describe(states.get(service))}`).join(', ');
      if (summary !== last) options.onChange?.(summary);
      last = summary;

      const oneShot = states.get(ONE_SHOT);
      if (oneShot?.status === 'exited' && oneShot.exitCode !== 0) {
        throw new StackError(
          `the schema one-shot exited ${oneShot.exitCode}${oneShot.exitCode === 3 ? ' (refused: the change would lose data; run make db-sync ARGS=--accept-data-loss knowingly)' : ''}\n${await this.logs(ONE_SHOT)}`,
        );
      }
      for (const service of HEALTHY) {
        const state = states.get(service);
        if (
          state &&
          (state.status === 'exited' || state.status === 'dead' || state.status === 'restarting' || state.restarts > 0 || state.health === 'unhealthy')
        ) {
          throw new StackError(`${service} is ${describe(state)}\n${await this.logs(service)}`);
        }
      }
      const ready = oneShot?.status === 'exited' && HEALTHY.every((service) => states.get(service)?.health === 'healthy');
      if (ready) return;
      if (Date.now() > deadline) throw new StackError(`not ready after ${options.timeoutMs / 1000} s: ${summary}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  async logs(service: ComposeService, lines = 40): Promise<string> {
    const result = await this.run(['logs', '--no-color', '--tail', String(lines), service]);
    return `--- last ${lines} log lines of ${service} ---\n${(result.stdout + result.stderr).trim()}`;
  }
}

function describe(state: ContainerState | undefined): string {
  if (!state) return 'not created';
  if (state.status === 'exited') return `exited ${state.exitCode}`;
  if (state.restarts > 0) return `${state.status}, restarted ${state.restarts} time(s) after exiting ${state.exitCode}`;
  return state.health ? `${state.status} (${state.health})` : state.status;
}
