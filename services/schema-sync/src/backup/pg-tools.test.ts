import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '@monitrax/database/paths';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPgTools, installedPgToolMajors, missingPgToolsAdvice, parsePgVersion, pgToolsCandidates, probePgTools } from './pg-tools.ts';

let work: string;

/** A directory with stand-in pg_dump/pg_restore that report the given version. */
async function fakeBin(name: string, versionLine: string, tools = ['pg_dump', 'pg_restore']): Promise<string> {
  const dir = path.join(work, name);
  await mkdir(dir, { recursive: true });
  for (const tool of tools) {
    const file = path.join(dir, tool);
    await writeFile(file, `#!/bin/sh\necho '${versionLine.replace('pg_dump', tool)}'\n`);
    await chmod(file, 0o755);
  }
  return dir;
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'monitrax-pg-tools-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('parsePgVersion', () => {
  it('reads the major from --version output', () => {
    expect(parsePgVersion('pg_dump (PostgreSQL) 17.12 (Debian 17.12-0+deb13u1)\n')).toBe(17);
    expect(parsePgVersion('pg_dump (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)')).toBe(15);
    expect(parsePgVersion('pg_dump (PostgreSQL) 18beta1')).toBe(18);
    expect(parsePgVersion('command not found')).toBeUndefined();
  });
});

describe('pgToolsCandidates', () => {
  it('with PG_BIN_DIR looks only there: an explicit choice is not second-guessed', async () => {
    expect(await pgToolsCandidates({ PG_BIN_DIR: '/opt/pg17/bin', PATH: '/usr/bin' })).toEqual([{ dir: '/opt/pg17/bin', source: 'PG_BIN_DIR' }]);
  });

  it('takes a relative PG_BIN_DIR from the repository root, wherever the command runs', async () => {
    const [candidate] = await pgToolsCandidates({ PG_BIN_DIR: '.tools/pg-client-17/bin' });
    expect(candidate?.dir).toBe(path.join(REPO_ROOT, '.tools/pg-client-17/bin'));
  });

  it('otherwise: the packaged clients first, PATH last', async () => {
    const candidates = await pgToolsCandidates({ PATH: ['/first/bin', '/second/bin'].join(path.delimiter) });
    expect(candidates.slice(-2)).toEqual([
      { dir: '/first/bin', source: 'PATH (/first/bin)' },
      { dir: '/second/bin', source: 'PATH (/second/bin)' },
    ]);
    const packaged = candidates.filter((c) => c.dir.startsWith('/usr/lib/postgresql/')).map((c) => Number(c.dir.split('/')[4]));
    expect(packaged).toEqual([...packaged].sort((a, b) => b - a)); // highest major first
  });
});

describe('findPgTools', () => {
  it('returns a pair at least as new as asked, with where it came from', async () => {
    const dir = await fakeBin('v17', 'pg_dump (PostgreSQL) 17.12');
    expect(await findPgTools({ minMajor: 17, env: { PG_BIN_DIR: dir } })).toEqual({
      pgDump: path.join(dir, 'pg_dump'),
      pgRestore: path.join(dir, 'pg_restore'),
      major: 17,
      source: 'PG_BIN_DIR',
    });
  });

  it('refuses a pair older than the server', async () => {
    const dir = await fakeBin('v15', 'pg_dump (PostgreSQL) 15.14');
    expect(await findPgTools({ minMajor: 17, env: { PG_BIN_DIR: dir } })).toBeUndefined();
    expect(await installedPgToolMajors({ PG_BIN_DIR: dir })).toEqual([15]);
  });

  it('needs pg_restore beside pg_dump, and a pg_dump that runs', async () => {
    expect(await probePgTools({ dir: await fakeBin('dump-only', 'pg_dump (PostgreSQL) 17.1', ['pg_dump']), source: 'x' })).toBeUndefined();
    const failing = await fakeBin('failing', 'x');
    await writeFile(path.join(failing, 'pg_dump'), '#!/bin/sh\necho "needs root" >&2\nexit 1\n');
    expect(await probePgTools({ dir: failing, source: 'x' })).toBeUndefined();
    expect(await probePgTools({ dir: path.join(work, 'missing'), source: 'x' })).toBeUndefined();
  });
});

describe('missingPgToolsAdvice', () => {
  it('says what was found and every way to get a new enough client', () => {
    const advice = missingPgToolsAdvice(17, [15]);
    expect(advice).toContain('No pg_dump/pg_restore of PostgreSQL 17 or newer was found (found only: pg_dump 15)');
    expect(advice).toContain('make pg-client');
    expect(advice).toContain('postgresql-client-17 from apt.postgresql.org');
    expect(advice).toContain('brew install postgresql@17');
    expect(advice).toContain('PG_BIN_DIR');
    expect(advice).toContain('--no-backup');
    expect(advice.split('\n').length).toBeGreaterThan(5);
  });

  it('says when nothing at all was found', () => {
    expect(missingPgToolsAdvice(17, [])).toContain('(found none)');
  });
});
