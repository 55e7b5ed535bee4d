import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  EngineSelectionError,
  WASM_SHIM_PATH,
  describeChoice,
  expectedEnginesVersion,
  findNativeCandidates,
  isNativeEngineFileName,
  nativeEngineFolders,
  probeNativeEngine,
  selectSchemaEngine,
} from './select-engine.ts';
import type { NativeProbe, SelectEngineOptions } from './select-engine.ts';

const VERSION = 'd1b3f377ca835d73fd50954a5e22128b9ebdd6b8';
const NATIVE = '/repo/node_modules/@prisma/engines/schema-engine-debian-openssl-3.0.x';
const SHIM = '/repo/services/schema-sync/bin/schema-engine';

function select(overrides: Partial<SelectEngineOptions> & { probes?: Record<string, NativeProbe> } = {}) {
  const { probes = {}, ...options } = overrides;
  return selectSchemaEngine({
    env: {},
    cwd: '/repo',
    nativeCandidates: [],
    expectedVersion: VERSION,
    wasmShimPath: SHIM,
    probe: (path) => probes[path] ?? { ok: false, detail: 'ENOENT' },
    ...options,
  });
}

const scratch = mkdtempSync(join(tmpdir(), 'select-engine-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('selectSchemaEngine', () => {
  it('uses the WebAssembly stand-in when no native engine is installed', () => {
    const choice = select();
    expect(choice).toEqual({ kind: 'wasm', binaryPath: SHIM, reason: 'native schema-engine not installed' });
    expect(describeChoice(choice)).toBe('prisma: using WebAssembly schema engine (native schema-engine not installed)');
  });

  it('uses an installed native engine that reports the CLI engines version', () => {
    const choice = select({ nativeCandidates: [NATIVE], probes: { [NATIVE]: { ok: true, detail: `schema-engine-cli ${VERSION}\n` } } });
    expect(choice).toEqual({ kind: 'native', binaryPath: NATIVE, reason: 'node_modules/@prisma/engines/schema-engine-debian-openssl-3.0.x' });
    expect(describeChoice(choice)).toMatch(/^prisma: using native schema engine \(node_modules\/@prisma\/engines\//);
  });

  it('skips native engines that do not run or are another version (the CLI would try to download)', () => {
    const other = '/repo/node_modules/prisma/schema-engine-linux-musl';
    const choice = select({
      nativeCandidates: [NATIVE, other],
      probes: { [NATIVE]: { ok: true, detail: 'schema-engine-cli 0000000\n' }, [other]: { ok: false, detail: 'spawn ENOEXEC' } },
    });
    expect(choice.kind).toBe('wasm');
    expect(choice.reason).toContain('the CLI needs d1b3f377');
    expect(choice.reason).toContain('does not run (spawn ENOEXEC)');
  });

  it('takes the first usable candidate', () => {
    const second = '/repo/node_modules/prisma/schema-engine-debian-openssl-3.0.x';
    const choice = select({
      nativeCandidates: [NATIVE, second],
      probes: { [NATIVE]: { ok: false, detail: 'EACCES' }, [second]: { ok: true, detail: `schema-engine-cli ${VERSION}` } },
    });
    expect(choice).toMatchObject({ kind: 'native', binaryPath: second });
  });

  it('honours PRISMA_SCHEMA_ENGINE_BINARY when it points at an existing file', () => {
    const binary = join(scratch, 'my-engine');
    writeFileSync(binary, '');
    const choice = select({ env: { PRISMA_SCHEMA_ENGINE_BINARY: binary } });
    expect(choice).toEqual({ kind: 'native', binaryPath: binary, reason: `PRISMA_SCHEMA_ENGINE_BINARY=${binary}` });
  });

  it('falls back to wasm, saying why, when PRISMA_SCHEMA_ENGINE_BINARY points nowhere', () => {
    const choice = select({ env: { PRISMA_SCHEMA_ENGINE_BINARY: '/nowhere/schema-engine' } });
    expect(choice).toMatchObject({ kind: 'wasm', reason: 'PRISMA_SCHEMA_ENGINE_BINARY=/nowhere/schema-engine does not exist' });
  });

  it('ignores a PRISMA_SCHEMA_ENGINE_BINARY that is the stand-in itself (inherited from an outer run)', () => {
    const choice = selectSchemaEngine({
      env: { PRISMA_SCHEMA_ENGINE_BINARY: WASM_SHIM_PATH },
      cwd: '/',
      nativeCandidates: [],
      expectedVersion: VERSION,
    });
    expect(choice).toEqual({ kind: 'wasm', binaryPath: WASM_SHIM_PATH, reason: 'native schema-engine not installed' });
  });

  it('prefers the stand-in when DATABASE_URL has a password (the native engine would get it as an argument)', () => {
    const installed = { nativeCandidates: [NATIVE], probes: { [NATIVE]: { ok: true, detail: VERSION } } };
    expect(select({ env: { DATABASE_URL: 'postgresql://u:s3cret@127.0.0.1/db' }, ...installed })).toMatchObject({
      kind: 'wasm',
      reason: expect.stringContaining('command-line argument'),
    });
    expect(select({ env: { DATABASE_URL: 'postgresql://u@127.0.0.1/db' }, ...installed })).toMatchObject({ kind: 'native' });
    expect(select({ env: { DATABASE_URL: 'postgresql://u:s3cret@127.0.0.1/db', MONITRAX_SCHEMA_ENGINE: 'native' }, ...installed })).toMatchObject({
      kind: 'native',
    });
  });

  it('MONITRAX_SCHEMA_ENGINE=wasm forces the stand-in even with a native engine', () => {
    const choice = select({
      env: { MONITRAX_SCHEMA_ENGINE: 'WASM' },
      nativeCandidates: [NATIVE],
      probes: { [NATIVE]: { ok: true, detail: VERSION } },
    });
    expect(choice).toMatchObject({ kind: 'wasm', reason: 'forced by MONITRAX_SCHEMA_ENGINE=wasm' });
  });

  it('MONITRAX_SCHEMA_ENGINE=native fails loudly when there is no native engine', () => {
    expect(() => select({ env: { MONITRAX_SCHEMA_ENGINE: 'native' } })).toThrow(EngineSelectionError);
    expect(() => select({ env: { MONITRAX_SCHEMA_ENGINE: 'native' } })).toThrow(/not installed/);
    expect(select({ env: { MONITRAX_SCHEMA_ENGINE: 'native' }, nativeCandidates: [NATIVE], probes: { [NATIVE]: { ok: true, detail: VERSION } } }).kind).toBe(
      'native',
    );
  });

  it('rejects unknown MONITRAX_SCHEMA_ENGINE values and accepts auto', () => {
    expect(() => select({ env: { MONITRAX_SCHEMA_ENGINE: 'rust' } })).toThrow(/native, wasm or auto/);
    expect(select({ env: { MONITRAX_SCHEMA_ENGINE: 'auto' } }).kind).toBe('wasm');
  });
});

describe('finding native engines', () => {
  it('recognises engine binaries but not their checksum or archive companions', () => {
    expect(isNativeEngineFileName('schema-engine-debian-openssl-3.0.x')).toBe(true);
    expect(isNativeEngineFileName('schema-engine-darwin-arm64')).toBe(true);
    expect(isNativeEngineFileName('schema-engine-windows.exe')).toBe(true);
    expect(isNativeEngineFileName('schema-engine-debian-openssl-3.0.x.sha256')).toBe(false);
    expect(isNativeEngineFileName('schema-engine-debian-openssl-3.0.x.gz')).toBe(false);
    expect(isNativeEngineFileName('schema-engine')).toBe(false);
    expect(isNativeEngineFileName('query-engine-debian-openssl-3.0.x')).toBe(false);
  });

  it('lists regular files only, folder by folder', () => {
    const engines = join(scratch, 'engines');
    const nodeModules = join(scratch, 'node_modules');
    mkdirSync(engines);
    mkdirSync(join(nodeModules, 'schema-engine-lookalike-package'), { recursive: true });
    writeFileSync(join(engines, 'schema-engine-debian-openssl-3.0.x'), '');
    writeFileSync(join(engines, 'schema-engine-debian-openssl-3.0.x.sha256'), '');
    writeFileSync(join(engines, 'package.json'), '{}');
    expect(findNativeCandidates([engines, nodeModules, join(scratch, 'missing')])).toEqual([join(engines, 'schema-engine-debian-openssl-3.0.x')]);
  });

  it('searches where the CLI searches, starting with @prisma/engines', () => {
    const folders = nativeEngineFolders();
    expect(folders[0]).toMatch(/node_modules[\\/]@prisma[\\/]engines$/);
    expect(folders.some((folder) => /node_modules[\\/]prisma$/.test(folder))).toBe(true);
    expect(expectedEnginesVersion()).toMatch(/^[0-9a-f]{40}$/);
  });

  it.skipIf(process.platform === 'win32')('probes a binary by running it with --version', () => {
    const fake = join(scratch, 'schema-engine-fake');
    writeFileSync(fake, `#!/bin/sh\necho "schema-engine-cli ${VERSION}"\n`);
    chmodSync(fake, 0o755);
    expect(probeNativeEngine(fake)).toEqual({ ok: true, detail: `schema-engine-cli ${VERSION}\n` });
    const broken = join(scratch, 'schema-engine-broken');
    writeFileSync(broken, '#!/bin/sh\necho bad >&2\nexit 3\n');
    chmodSync(broken, 0o755);
    expect(probeNativeEngine(broken)).toEqual({ ok: false, detail: 'exit 3: bad' });
    expect(probeNativeEngine(join(scratch, 'absent')).ok).toBe(false);
  });

  it('ships the stand-in as an executable file', () => {
    expect(existsSync(WASM_SHIM_PATH)).toBe(true);
  });
});
