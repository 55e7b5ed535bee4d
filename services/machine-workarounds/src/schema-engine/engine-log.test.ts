import { describe, expect, it } from 'vitest';
import { CLI_ERROR_TARGET, createEngineLog, formatLogLine } from './engine-log.ts';

describe('engine log lines', () => {
  it('are single JSON lines in the native engine format', () => {
    const line = formatLogLine('ERROR', 'Database `x` does not exist', { error_code: 'P1003' }, CLI_ERROR_TARGET);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.trimEnd()).not.toContain('\n');
    expect(JSON.parse(line)).toMatchObject({
      level: 'ERROR',
      fields: { message: 'Database `x` does not exist', error_code: 'P1003' },
      target: 'schema_engine::logger',
    });
  });

  it('passes the wasm engine lines through and wraps anything that is not a JSON object', () => {
    const written: string[] = [];
    const log = createEngineLog((text) => written.push(text));
    const wasmLine = '{"level":"INFO","fields":{"message":"Starting schema-engine-wasm"},"target":"schema_engine_wasm"}';
    log.raw(`${wasmLine}\n`);
    log.raw('plain text\nsecond line\n\n');
    log('WARN', 'careful');
    expect(written[0]).toBe(`${wasmLine}\n`);
    expect(written.slice(1).map((text) => JSON.parse(text).fields.message)).toEqual(['plain text', 'second line', 'careful']);
    for (const text of written) expect(() => JSON.parse(text)).not.toThrow();
  });
});
