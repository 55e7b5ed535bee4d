// Entry point of the schema engine stand-in (run through services/machine-workarounds/bin/schema-engine).
//
// The Prisma CLI runs it wherever it would run the native `schema-engine` binary, when
// PRISMA_SCHEMA_ENGINE_BINARY points at the shim (prisma-cli.ts sets that up). Exit codes follow the
// native engine: 0 done, 1 error, 101 engine panic.
import { parseArgs, ArgsError, USAGE } from './args.ts';
import type { CliCommand, DatasourceArg } from './args.ts';
import { canConnectToDatabase, createDatabase, DatabaseCommandError, dropDatabase } from './database-commands.ts';
import { CLI_ERROR_TARGET, createEngineLog } from './engine-log.ts';
import type { EngineLog } from './engine-log.ts';
import { startRpcServer } from './rpc-server.ts';
import { wasmEngineVersion } from './wasm-engine.ts';

const EXIT_PANIC = 101;

export async function main(argv: readonly string[]): Promise<number> {
  const log = createEngineLog((text) => process.stderr.write(text));
  routeNodeWarningsToLog(log);

  let args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof ArgsError)) throw error;
    process.stderr.write(`schema-engine: ${error.message}\n\n${USAGE}`);
    return 1;
  }

  switch (args.mode) {
    case 'version':
      // The CLI shows this in `prisma version`. The hash is the wasm engine's prisma-engines commit.
      process.stdout.write(`schema-engine-cli ${wasmEngineVersion()} (WebAssembly stand-in)\n`);
      return 0;
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    case 'cli':
      return runCliCommand(args.command, args.datasource, log);
    case 'rpc':
      return runRpc(args.datamodels, args.datasource, log);
  }
}

/**
 * Node prints warnings (deprecations, pg's sslmode notice, ...) as plain text on stderr, which the
 * CLI cannot parse; log them as JSON lines instead.
 */
function routeNodeWarningsToLog(log: EngineLog): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => log('WARN', `${warning.name}: ${warning.message}`));
}

async function runCliCommand(command: CliCommand, datasource: DatasourceArg | undefined, log: EngineLog): Promise<number> {
  // The CLI skips the first stderr line of a `cli` command before parsing the rest; the native
  // engine starts with a log line like this one.
  log('INFO', `Starting schema engine CLI (WebAssembly stand-in): ${command}`);
  try {
    const url = datasource?.url;
    if (!url) throw new DatabaseCommandError('The `--datasource` argument with a `url` is required for cli commands.');
    if (command === 'can-connect-to-database') await canConnectToDatabase(url);
    else if (command === 'create-database') await createDatabase(url);
    else await dropDatabase(url);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const errorCode = error instanceof DatabaseCommandError ? error.errorCode : undefined;
    log('ERROR', message, { is_panic: false, ...(errorCode ? { error_code: errorCode } : {}) }, CLI_ERROR_TARGET);
    return 1;
  }
}

async function runRpc(datamodelPaths: string[], datasource: DatasourceArg | undefined, log: EngineLog): Promise<number> {
  const server = startRpcServer({ input: process.stdin, output: process.stdout, log, datamodelPaths, datasource });

  // The CLI stops the engine by closing our stdin and, on Linux and macOS, sending SIGTERM right
  // after. Either way, close the database pools first: an open pool keeps the process alive, and
  // a shadow database must be dropped rather than left behind.
  const stop = async (): Promise<number> => {
    await server.close();
    return server.panicked ? EXIT_PANIC : 0;
  };
  const onSignal = new Promise<number>((resolve) => {
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
      process.once(signal, () => resolve(stop()));
    }
  });
  return Promise.race([server.closed.then(stop), onSignal]);
}

/** Runs the engine and exits the process with its exit code. Used by services/machine-workarounds/bin/schema-engine. */
export async function run(argv: readonly string[]): Promise<never> {
  let code: number;
  try {
    code = await main(argv);
  } catch (error) {
    // Last resort: still one JSON line, so the CLI can show it.
    let line = '';
    createEngineLog((text) => (line += text))('ERROR', error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.stderr.write(line);
    code = 1;
  }
  // process.exit() alone can cut output still queued for a pipe; flush first.
  await Promise.all([
    new Promise<void>((resolve) => process.stdout.write('', () => resolve())),
    new Promise<void>((resolve) => process.stderr.write('', () => resolve())),
  ]);
  process.exit(code);
}

if (import.meta.main) await run(process.argv.slice(2));
