// The stand-in as the Prisma CLI sees it: a process run through services/machine-workarounds/bin/schema-engine.
// No database here: RPC calls that need none (diffs between schema files), and `cli` errors.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runToExit } from '@monitrax/test-support/run-to-exit';

const WASM_SHIM_PATH = fileURLToPath(new URL('../bin/schema-engine', import.meta.url));

// The shim starts with `#!/usr/bin/env node`: make sure that is this Node (it runs TypeScript).
const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}` };

const scratch = mkdtempSync(join(tmpdir(), 'schema-engine-main-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const SCHEMA = `datasource db {
  provider = "postgresql"
}

model Widget {
  id   Int    @id @default(autoincrement())
  name String @default("a;b")
}
`;

const runEngine = (args: string[]) => runToExit(WASM_SHIM_PATH, args, { env });

/** Talks JSON-RPC to a running engine the way the Prisma CLI does (and answers its `print`). */
function startRpcEngine(args: string[]) {
  const child = spawn(WASM_SHIM_PATH, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const printed: string[] = [];
  const order: string[] = [];
  const pending = new Map<number, (message: Record<string, unknown>) => void>();
  let stderr = '';
  let nextId = 1;
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line) as Record<string, unknown> & { id: number; method?: string; params?: { content: string } };
    if (message.method === 'print') {
      order.push('print');
      printed.push(message.params!.content);
      child.stdin.write(`${JSON.stringify({ id: message.id, jsonrpc: '2.0', result: {} })}\n`);
      return;
    }
    order.push(`response ${message.id}`);
    pending.get(message.id)?.(message);
    pending.delete(message.id);
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return {
    printed,
    order,
    stderr: () => stderr,
    call(method: string, params?: unknown): Promise<Record<string, unknown>> {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        child.stdin.write(`${JSON.stringify({ id, jsonrpc: '2.0', method, params })}\n`);
      });
    },
    /** Closes stdin, as the CLI's stop() does, and waits for the exit code. */
    stop(): Promise<number | null> {
      child.stdin.end();
      return exited;
    },
  };
}

const noFilters = { externalTables: [], externalEnums: [] };

describe('schema-engine stand-in', () => {
  it('prints its version like the native binary, for `prisma version`', async () => {
    const { code, stdout } = await runEngine(['--version']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^schema-engine-cli [0-9a-f]{40} \(WebAssembly stand-in\)\n$/);
  });

  it('reports `cli` errors as JSON lines the CLI can parse (first line skipped, then ERROR from schema_engine::logger)', async () => {
    const { code, stderr, stdout } = await runEngine([
      '--datasource',
      JSON.stringify({ url: 'postgresql://nobody:pw@127.0.0.1:1/nothing?connect_timeout=2' }),
      'cli',
      'can-connect-to-database',
    ]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const parsed = lines.map((line) => JSON.parse(line) as { level: string; target: string; fields: Record<string, string> });
    expect(parsed.at(-1)).toMatchObject({
      level: 'ERROR',
      target: 'schema_engine::logger',
      fields: { error_code: 'P1001', message: expect.stringContaining("Can't reach database server at `127.0.0.1:1`") },
    });
  });

  it('fails `cli` commands without a datasource', async () => {
    const { code, stderr } = await runEngine(['cli', 'create-database']);
    expect(code).toBe(1);
    expect(JSON.parse(stderr.trimEnd().split('\n').at(-1)!)).toMatchObject({ level: 'ERROR', fields: { message: expect.stringContaining('--datasource') } });
  });

  it('answers RPC diffs without a database, printing the script through the CLI before answering', async () => {
    const schemaPath = join(scratch, 'schema.prisma');
    writeFileSync(schemaPath, SCHEMA);
    const engine = startRpcEngine(['--datamodels', schemaPath]);

    const diff = await engine.call('diff', {
      from: { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: SCHEMA }] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    expect(diff).toEqual({ jsonrpc: '2.0', id: 1, result: { exitCode: 0, stdout: null } });
    expect(engine.order).toEqual(['print', 'response 1']);
    expect(engine.printed[0]).toContain('CREATE TABLE "Widget"');
    expect(engine.printed[0]).toContain(`DEFAULT 'a;b'`);

    const invalid = await engine.call('diff', {
      from: { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: 'model Broken {' }] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    expect(invalid).toMatchObject({ id: 2, error: { code: 4466, data: { is_panic: false, error_code: 'P1012' } } });

    const unknown = await engine.call('getDatabaseDescription', {});
    expect(unknown).toMatchObject({ id: 3, error: { code: -32601 } });

    const needsDatabase = await engine.call('schemaPush', { force: false, schema: { files: [{ path: schemaPath, content: SCHEMA }] }, filters: noFilters });
    expect(needsDatabase).toMatchObject({ id: 4, error: { data: { message: expect.stringContaining('no datasource URL') } } });

    expect(await engine.stop()).toBe(0);
    // stderr must stay parseable by the CLI: JSON lines only (no Node warnings).
    for (const line of engine.stderr().trimEnd().split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
  }, 30_000);
});
