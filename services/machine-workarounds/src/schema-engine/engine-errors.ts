// Converts what the wasm engine throws into the JSON-RPC errors the Prisma CLI expects.
//
// The CLI reads `error.data`: with `is_panic: true` it reports an engine crash; with `message` (and
// `error_code`, e.g. "P1012") it prints `<error_code>\n\n<message>`; anything else ends up as a raw
// "Error in RPC" dump. The native engine answers with code 4466 and that `data`, so we do too.
import { JsonRpcError } from './json-rpc.ts';
import type { JsonRpcErrorObject } from './json-rpc.ts';

/** The JSON-RPC error code the native engine uses for every engine error. */
export const ENGINE_ERROR_CODE = 4466;
const ENGINE_ERROR_MESSAGE = 'An error happened. Check the data field for details.';

export interface UserFacingErrorData {
  is_panic: boolean;
  message: string;
  meta?: unknown;
  error_code?: string;
  backtrace?: string | null;
}

/**
 * WebAssembly's RuntimeError, looked up on globalThis: TypeScript only types the WebAssembly global
 * in the DOM lib, which a Node project does not load.
 */
const WasmRuntimeError = (globalThis as unknown as { WebAssembly: { RuntimeError: new () => Error } }).WebAssembly.RuntimeError;

/** True for a wasm trap, which is how a Rust panic inside the engine surfaces. */
export function isWasmTrap(error: unknown): error is Error {
  return error instanceof WasmRuntimeError;
}

/** An engine panic: the wasm instance is unusable afterwards, so the process has to end. */
export class EnginePanic extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnginePanic';
  }
}

export function userFacingError(message: string, errorCode?: string, meta?: unknown): JsonRpcError {
  const data: UserFacingErrorData = { is_panic: false, message };
  if (errorCode) data.error_code = errorCode;
  if (meta !== undefined) data.meta = meta;
  return new JsonRpcError(ENGINE_ERROR_CODE, ENGINE_ERROR_MESSAGE, data);
}

export interface ErrorContext {
  /** The Rust panic message recorded by the wasm glue, if the engine panicked. */
  panicMessage?: string | undefined;
  /** Looks up what the adapter really threw, for "External error id#<n>" messages. */
  takeAdapterError?: ((id: number) => unknown) | undefined;
}

/**
 * Maps a thrown value to the `error` member of a response. Errors from the wasm engine carry
 * `code` (a Prisma error code such as P1001 or P3006) and sometimes `meta`; a panic is a wasm
 * RuntimeError, and the Rust panic message is in `panicMessage`.
 */
export function toEngineErrorObject(error: unknown, context: ErrorContext = {}): JsonRpcErrorObject {
  if (error instanceof JsonRpcError) return error.toObject();
  if (error instanceof EnginePanic || isWasmTrap(error)) {
    const message = context.panicMessage || (error instanceof Error ? error.message : String(error));
    const data: UserFacingErrorData & { error: { message: string } } = { is_panic: true, message, backtrace: null, error: { message } };
    return { code: ENGINE_ERROR_CODE, message: ENGINE_ERROR_MESSAGE, data };
  }
  const e = error as { message?: unknown; code?: unknown; meta?: unknown } | null;
  let message = cleanMessage(typeof e?.message === 'string' ? e.message : String(error));
  message = resolveExternalErrors(message, context.takeAdapterError);
  const code = typeof e?.code === 'string' && /^P\d{4}$/.test(e.code) ? e.code : undefined;
  return userFacingError(message, code, e?.meta).toObject();
}

/** Replaces "External error id#3" with the message of the error the adapter threw. */
export function resolveExternalErrors(message: string, takeAdapterError?: (id: number) => unknown): string {
  if (!takeAdapterError) return message;
  return message.replace(/External error id#(\d+)/g, (text, id: string) => {
    const original = takeAdapterError(Number(id));
    if (original === undefined) return text;
    return original instanceof Error ? original.message : String(original);
  });
}

/**
 * The wasm engine prefixes connector errors with "error: " (e.g. "error: Error validating: ..."),
 * which the native engine does not; drop it so messages read the same as with the native engine.
 */
export function cleanMessage(message: string): string {
  return message.startsWith('error: ') ? message.slice('error: '.length) : message;
}
