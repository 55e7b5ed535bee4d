import { describe, expect, it } from 'vitest';
import { ENGINE_ERROR_CODE, EnginePanic, cleanMessage, resolveExternalErrors, toEngineErrorObject } from './engine-errors.ts';
import { JsonRpcError } from './json-rpc.ts';

/** What the wasm engine throws for a user-facing error: an Error with `code` (and maybe `meta`). */
function wasmError(message: string, code?: string, meta?: unknown): Error {
  return Object.assign(new Error(message), { name: 'SchemaConnectorError', ...(code ? { code } : {}), ...(meta ? { meta } : {}) });
}

describe('toEngineErrorObject', () => {
  it('gives engine errors the shape the CLI prints as "<code>\\n\\n<message>"', () => {
    expect(toEngineErrorObject(wasmError('error: Error validating: This line is invalid.', 'P1012'))).toEqual({
      code: ENGINE_ERROR_CODE,
      message: 'An error happened. Check the data field for details.',
      data: { is_panic: false, message: 'Error validating: This line is invalid.', error_code: 'P1012' },
    });
  });

  it('keeps meta and leaves out codes that are not Prisma error codes', () => {
    expect(toEngineErrorObject(wasmError('oops', 'P3006', { migration_name: 'x' })).data).toMatchObject({
      error_code: 'P3006',
      meta: { migration_name: 'x' },
    });
    expect(toEngineErrorObject(Object.assign(new Error('net'), { code: 'ECONNREFUSED' })).data).not.toHaveProperty('error_code');
  });

  it('reports panics with is_panic and the Rust panic message', () => {
    const error = toEngineErrorObject(new EnginePanic('unreachable'), { panicMessage: 'panicked at engine.rs:1: boom' });
    expect(error.data).toMatchObject({ is_panic: true, message: 'panicked at engine.rs:1: boom', error: { message: 'panicked at engine.rs:1: boom' } });
  });

  it('passes JsonRpcErrors through unchanged', () => {
    expect(toEngineErrorObject(new JsonRpcError(-32601, 'Method not found'))).toEqual({ code: -32601, message: 'Method not found' });
  });

  it('replaces "External error id#N" with what the adapter threw', () => {
    const thrown = new Map<number, unknown>([[3, new Error('password authentication failed')]]);
    const take = (id: number) => thrown.get(id);
    expect(toEngineErrorObject(wasmError('External error id#3\n'), { takeAdapterError: take }).data).toMatchObject({
      message: 'password authentication failed\n',
    });
    expect(resolveExternalErrors('External error id#9', take)).toBe('External error id#9');
    expect(resolveExternalErrors('External error id#9')).toBe('External error id#9');
  });

  it('drops the wasm engine\'s "error: " prefix only at the start', () => {
    expect(cleanMessage('error: Error validating')).toBe('Error validating');
    expect(cleanMessage('Some error: detail')).toBe('Some error: detail');
  });
});
