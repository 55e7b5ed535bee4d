// Loads Prisma's WebAssembly schema engine (@prisma/schema-engine-wasm) and creates engines.
//
// We instantiate the .wasm file ourselves instead of importing the package's entry point: that
// entry does `import * as wasm from "./schema_engine_bg.wasm"`, which Node 24 supports only as an
// experimental feature and announces with an ExperimentalWarning on stderr. The CLI parses the
// engine's stderr as JSON lines (see engine-log.ts), so the warning would break `cli` subcommands.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

type WasmGlue = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

/** The part of the WebAssembly API we use (TypeScript types it only in the DOM lib). */
interface WasmApi {
  instantiate(bytes: Uint8Array, imports: Record<string, Record<string, unknown>>): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/**
 * The wasm glue reports a Rust panic by calling `globalThis.PRISMA_WASM_PANIC_REGISTRY.set_message`
 * just before the wasm traps with "unreachable"; without this object the panic message is lost
 * (and the glue itself throws a TypeError).
 */
class PanicRegistry {
  message = '';
  set_message(message: string): void {
    this.message = message;
  }
}

declare global {
  // eslint-disable-next-line no-var
  var PRISMA_WASM_PANIC_REGISTRY: PanicRegistry | undefined;
}

let gluePromise: Promise<WasmGlue> | undefined;

/** Compiles and starts the wasm module once per process. */
export function loadWasmGlue(): Promise<WasmGlue> {
  gluePromise ??= (async () => {
    globalThis.PRISMA_WASM_PANIC_REGISTRY ??= new PanicRegistry();
    const glue: WasmGlue = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const wasmFile = new URL('./schema_engine_bg.wasm', import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
    const { instance } = await wasmApi.instantiate(await readFile(wasmFile), {
      './schema_engine_bg.js': glue as unknown as Record<string, unknown>,
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return gluePromise;
}

/** The panic message of the last wasm panic, if any. */
export function lastPanicMessage(): string {
  return globalThis.PRISMA_WASM_PANIC_REGISTRY?.message ?? '';
}

/**
 * The engine's version (a prisma-engines commit hash), read from the package so that `--version`
 * does not have to compile 5 MB of wasm.
 */
export function wasmEngineVersion(): string {
  // The package's `exports` does not list package.json, so read it next to the glue module.
  const packageJson = new URL('./package.json', import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  return version.slice(version.lastIndexOf('.') + 1);
}

export interface CreateWasmEngineOptions {
  /** `[path, content]` of each schema file given with `--datamodels`. */
  datamodels: Array<[string, string]> | undefined;
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** Receives the engine's log lines (JSON, in the native engine's format). */
  onLog: (line: string) => void;
}

export interface WasmEngine {
  engine: SchemaEngine;
  /**
   * When the adapter throws something that is not a DriverAdapterError, the engine only sees
   * "External error id#<n>"; this returns what was actually thrown.
   */
  takeAdapterError(id: number): unknown;
}

/**
 * Creates an engine. Note that the engine connects through the adapter factory right away, so the
 * factory must be able to connect (or be the offline one) before any method is called.
 */
export async function createWasmEngine(options: CreateWasmEngineOptions): Promise<WasmEngine> {
  const glue = await loadWasmGlue();
  const boundFactory = bindMigrationAwareSqlAdapterFactory(options.adapterFactory);
  const engine = await glue.SchemaEngine.new({ datamodels: options.datamodels }, (line: string) => options.onLog(line), boundFactory);
  return { engine, takeAdapterError: (id) => boundFactory.errorRegistry.consumeError(id)?.error };
}

/** RPC method name -> the engine method that implements it. */
export const RPC_TO_WASM_METHOD = {
  applyMigrations: 'applyMigrations',
  createMigration: 'createMigration',
  dbExecute: 'dbExecute',
  debugPanic: 'debugPanic',
  devDiagnostic: 'devDiagnostic',
  diagnoseMigrationHistory: 'diagnoseMigrationHistory',
  diff: 'diff',
  ensureConnectionValidity: 'ensureConnectionValidity',
  evaluateDataLoss: 'evaluateDataLoss',
  // The RPC is still called getDatabaseVersion; the wasm engine names it `version`.
  getDatabaseVersion: 'version',
  introspect: 'introspect',
  introspectSql: 'introspectSql',
  markMigrationApplied: 'markMigrationApplied',
  markMigrationRolledBack: 'markMigrationRolledBack',
  reset: 'reset',
  schemaPush: 'schemaPush',
} as const satisfies Record<string, keyof SchemaEngine>;

export type WasmRpcMethod = keyof typeof RPC_TO_WASM_METHOD;

export function isWasmRpcMethod(method: string): method is WasmRpcMethod {
  return Object.hasOwn(RPC_TO_WASM_METHOD, method);
}

/** Calls the engine method behind an RPC method with the RPC's params. */
export async function callWasmMethod(engine: SchemaEngine, method: WasmRpcMethod, params: unknown): Promise<unknown> {
  const name = RPC_TO_WASM_METHOD[method];
  const fn = engine[name] as (this: SchemaEngine, params?: unknown) => unknown;
  return fn.call(engine, params ?? undefined);
}
