// Command-line arguments of the stand-in, the same as the native `schema-engine` binary's.
//
// How the Prisma CLI (7.10) runs the engine:
//   schema-engine --datamodels <file> [--datamodels <file>...] [--datasource <json>]
//                 [--enabled-preview-features <a,b>] [--extension-types <json>]     -> JSON-RPC on stdio
//   schema-engine --datasource '{"url":"..."}' cli can-connect-to-database | create-database
//   schema-engine --version                                                         (`prisma version`)
// `--datasource` is prisma.config.ts's `datasource` object: `{ url, shadowDatabaseUrl? }`.

export interface DatasourceArg {
  url?: string | undefined;
  shadowDatabaseUrl?: string | undefined;
}

export type CliCommand = 'can-connect-to-database' | 'create-database' | 'drop-database';

export type EngineArgs =
  | { mode: 'version' }
  | { mode: 'help' }
  | { mode: 'cli'; command: CliCommand; datasource: DatasourceArg | undefined }
  | {
      mode: 'rpc';
      datamodels: string[];
      datasource: DatasourceArg | undefined;
      enabledPreviewFeatures: string[];
      extensionTypes: unknown;
    };

const CLI_COMMANDS: readonly string[] = ['can-connect-to-database', 'create-database', 'drop-database'];

export class ArgsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArgsError';
  }
}

export const USAGE = `Usage: schema-engine [--datamodels <path>]... [--datasource <json>] [cli <command>]

A stand-in for Prisma's native schema engine, running @prisma/schema-engine-wasm (PostgreSQL only).
Without a subcommand it speaks JSON-RPC on stdin/stdout, as the Prisma CLI expects.

Options:
  --datamodels <path>                 Prisma schema file (repeatable)
  --datasource <json>                 {"url": "...", "shadowDatabaseUrl": "..."}
  --enabled-preview-features <list>   Comma-separated preview features (accepted, unused)
  --extension-types <json>            Extension types (accepted, unused)
  -V, --version                       Print the version
  -h, --help                          Print this help

Commands:
  cli can-connect-to-database | create-database | drop-database
`;

export function parseArgs(argv: readonly string[]): EngineArgs {
  const datamodels: string[] = [];
  let datasource: DatasourceArg | undefined;
  let enabledPreviewFeatures: string[] = [];
  let extensionTypes: unknown;
  let cliCommand: string | undefined;
  let inCli = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-V' || arg === '--version') return { mode: 'version' };
    if (arg === '-h' || arg === '--help') return { mode: 'help' };

    // Both `--flag value` and `--flag=value`.
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const takeValue = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const value = argv[++i];
      if (value === undefined) throw new ArgsError(`${name} needs a value`);
      return value;
    };

    switch (name) {
      case '--datamodels':
      case '-d':
        datamodels.push(takeValue());
        break;
      case '--datasource':
        datasource = parseDatasource(takeValue());
        break;
      case '--enabled-preview-features':
        enabledPreviewFeatures = takeValue()
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        break;
      case '--extension-types':
        extensionTypes = parseJson(takeValue(), '--extension-types');
        break;
      default:
        if (!inCli && arg === 'cli') {
          inCli = true;
        } else if (inCli && cliCommand === undefined && !arg.startsWith('-')) {
          cliCommand = arg;
        } else {
          throw new ArgsError(`unexpected argument '${arg}'`);
        }
    }
  }

  if (inCli) {
    if (cliCommand === undefined) throw new ArgsError(`cli needs a command: ${CLI_COMMANDS.join(', ')}`);
    if (!CLI_COMMANDS.includes(cliCommand)) throw new ArgsError(`unknown cli command '${cliCommand}'`);
    return { mode: 'cli', command: cliCommand as CliCommand, datasource };
  }
  return { mode: 'rpc', datamodels, datasource, enabledPreviewFeatures, extensionTypes };
}

function parseJson(text: string, flag: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ArgsError(`${flag} must be JSON`);
  }
}

function parseDatasource(text: string): DatasourceArg {
  const value = parseJson(text, '--datasource');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ArgsError('--datasource must be a JSON object like {"url": "postgresql://..."}');
  }
  // `null` is what a config with `shadowDatabaseUrl: null` serialises to; treat it as "not set".
  const url = (value as Record<string, unknown>).url ?? undefined;
  const shadowDatabaseUrl = (value as Record<string, unknown>).shadowDatabaseUrl ?? undefined;
  if (url !== undefined && typeof url !== 'string') throw new ArgsError('--datasource url must be a string');
  if (shadowDatabaseUrl !== undefined && typeof shadowDatabaseUrl !== 'string') {
    throw new ArgsError('--datasource shadowDatabaseUrl must be a string');
  }
  return { url, shadowDatabaseUrl };
}
