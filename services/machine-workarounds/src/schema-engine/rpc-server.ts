// The engine's RPC mode: what `schema-engine --datamodels ... --datasource ...` does when the Prisma
// CLI spawns it for `db push`, `migrate *`, `db pull`, `db execute`, `migrate diff`.
import { readFile } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { createDatabase, DatabaseCommandError } from './database-commands.ts';
import type { EngineLog } from './engine-log.ts';
import { EnginePanic, isWasmTrap, toEngineErrorObject, userFacingError } from './engine-errors.ts';
import { JsonRpcConnection, JsonRpcError, METHOD_NOT_FOUND } from './json-rpc.ts';
import { createOfflineAdapterFactory, createPgAdapterFactory } from './pg-adapter.ts';
import type { ClosableMigrationAwareFactory } from './pg-adapter.ts';
import type { DatasourceArg } from './args.ts';
import { callWasmMethod, createWasmEngine, isWasmRpcMethod, lastPanicMessage } from './wasm-engine.ts';
import type { WasmEngine } from './wasm-engine.ts';

export interface RpcServerOptions {
  input: Readable;
  output: Writable;
  log: EngineLog;
  datamodelPaths: string[];
  datasource: DatasourceArg | undefined;
}

export interface RpcServer {
  /** Resolves when the CLI has closed our stdin and every request has been answered. */
  closed: Promise<void>;
  /** True once the engine panicked: the process must exit with 101, like the native engine. */
  readonly panicked: boolean;
  /** Closes database connections (dropping a shadow database that is still open). */
  close(): Promise<void>;
}

/** Methods whose native result is an empty object; the wasm engine resolves them with nothing. */
const EMPTY_RESULT_METHODS = new Set(['dbExecute', 'reset', 'ensureConnectionValidity', 'markMigrationApplied', 'markMigrationRolledBack']);

export function startRpcServer(options: RpcServerOptions): RpcServer {
  const { log, datasource } = options;
  let factory: ClosableMigrationAwareFactory | undefined;
  let enginePromise: Promise<WasmEngine> | undefined;
  let panicked = false;
  let wasmEngine: WasmEngine | undefined;

  // The engine is created on the first request, not at start-up: creating it compiles the wasm
  // and connects to the database, which the CLI may never need (it spawns the engine early).
  const getEngine = (): Promise<WasmEngine> => {
    enginePromise ??= (async () => {
      const datamodels = await Promise.all(options.datamodelPaths.map(async (path): Promise<[string, string]> => [path, await readFile(path, 'utf8')]));
      factory = datasource?.url
        ? createPgAdapterFactory({ url: datasource.url, shadowDatabaseUrl: datasource.shadowDatabaseUrl })
        : createOfflineAdapterFactory();
      wasmEngine = await createWasmEngine({
        datamodels: datamodels.length > 0 ? datamodels : undefined,
        adapterFactory: factory,
        onLog: (line) => log.raw(line),
      });
      return wasmEngine;
    })();
    return enginePromise;
  };

  const handle = async (method: string, params: unknown, connection: JsonRpcConnection): Promise<unknown> => {
    if (panicked) throw new EnginePanic('the schema engine panicked earlier and cannot take more requests');
    if (method === 'createDatabase') {
      // Not implemented by the wasm engine; the CLI uses `schema-engine cli create-database`, but
      // answer the RPC as well since the protocol has it.
      const url = datasourceUrlFromParams(params) ?? datasource?.url;
      if (!url) throw userFacingError('createDatabase needs a datasource URL');
      try {
        return { databaseName: await createDatabase(url) };
      } catch (error) {
        if (error instanceof DatabaseCommandError) throw userFacingError(error.message, error.errorCode);
        throw error;
      }
    }
    if (!isWasmRpcMethod(method)) {
      throw new JsonRpcError(METHOD_NOT_FOUND, `Method not found: ${method} is not supported by the WebAssembly schema engine`);
    }
    let result: unknown;
    try {
      result = await callWasmMethod((await getEngine()).engine, method, params);
    } catch (error) {
      if (isWasmTrap(error)) {
        panicked = true;
        throw new EnginePanic(lastPanicMessage() || error.message);
      }
      throw error;
    }
    if (method === 'diff') return printDiff(result as DiffResult, connection);
    if (result === undefined && EMPTY_RESULT_METHODS.has(method)) return {};
    return result;
  };

  const connection = new JsonRpcConnection({
    input: options.input,
    output: options.output,
    handler: handle,
    toErrorObject: (error, method) => {
      const errorObject = toEngineErrorObject(error, {
        panicMessage: lastPanicMessage(),
        takeAdapterError: wasmEngine?.takeAdapterError,
      });
      log('ERROR', `${method} failed: ${errorObject.message}`, { error: errorObject.data });
      return errorObject;
    },
  });

  return {
    closed: connection.closed,
    get panicked() {
      return panicked;
    },
    async close() {
      await factory?.close();
    },
  };
}

interface DiffResult {
  exitCode: number;
  stdout: string | null;
}

/**
 * The wasm engine returns the diff text in `stdout`; the native engine instead asks the CLI to
 * print it (a `print` request) and returns `stdout: null`, and the CLI only prints what it is asked
 * to print. So we make the same request before answering.
 */
async function printDiff(result: DiffResult, connection: JsonRpcConnection): Promise<DiffResult> {
  if (result.stdout !== null && result.stdout !== '') {
    await connection.request('print', { content: result.stdout });
  }
  return { ...result, stdout: null };
}

function datasourceUrlFromParams(params: unknown): string | undefined {
  const datasource = (params as { datasource?: { tag?: string; url?: unknown } } | undefined)?.datasource;
  return datasource?.tag === 'ConnectionString' && typeof datasource.url === 'string' ? datasource.url : undefined;
}
