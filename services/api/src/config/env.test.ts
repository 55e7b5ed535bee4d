import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EXAMPLE_SECRET_VALUES } from '@monitrax/contract/env';
import { REPO_ROOT } from '@monitrax/database/paths';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './env.ts';

const valid = {
  DATABASE_URL: 'postgresql://monitrax:s3cret-pass@127.0.0.1:5432/monitrax',
  JWT_SECRET: 'local-signing-key-0123456789',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('applies safe defaults and freezes the result', () => {
    const config = loadConfig(valid);
    expect(config).toMatchObject({ nodeEnv: 'development', port: 4000, host: '127.0.0.1', shutdownTimeoutMs: 25_000, logLevel: 'info' });
    expect(config.webOrigin).toEqual(['http://localhost:3000']);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('listens on every interface in production unless HOST says otherwise', () => {
    const secret = `${'k'.repeat(12)}Q9z!x7Lp0r2w4y6t8u1i3o5p7a`;
    const production = { ...valid, NODE_ENV: 'production', JWT_SECRET: secret, INTERNAL_API_SECRET: 'i'.repeat(40) };
    expect(loadConfig(production).host).toBe('0.0.0.0');
    expect(loadConfig({ ...production, HOST: '127.0.0.1' }).host).toBe('127.0.0.1');
  });

  it('in production, links in mail must open an https:// web origin (or this machine)', () => {
    const secret = `${'k'.repeat(12)}Q9z!x7Lp0r2w4y6t8u1i3o5p7a`;
    const production = { ...valid, NODE_ENV: 'production', JWT_SECRET: secret, INTERNAL_API_SECRET: 'i'.repeat(40) };
    expect(problemsOf({ ...production, WEB_ORIGIN: 'http://app.example.com' })).toEqual([
      expect.stringMatching(/^WEB_ORIGIN: must start with an https:\/\/ origin/),
    ]);
    expect(problemsOf({ ...production, WEB_ORIGIN: 'https://app.example.com,http://preview.example.com' })).toEqual([]);
    expect(problemsOf({ ...production, WEB_ORIGIN: 'http://localhost:3000' })).toEqual([]);
    expect(problemsOf({ ...valid, WEB_ORIGIN: 'http://app.example.com' })).toEqual([]);
  });

  it('names every missing variable', () => {
    expect(problemsOf({})).toEqual(
      expect.arrayContaining([expect.stringMatching(/^DATABASE_URL: is required/), expect.stringMatching(/^JWT_SECRET: is required/)]),
    );
  });

  it('never prints a value, only the name and the problem', () => {
    const problems = problemsOf({ DATABASE_URL: 'mysql://root:hunter2-secret@db/x', JWT_SECRET: 'short-secret' });
    expect(problems.join('\n')).not.toContain('hunter2');
    expect(problems.join('\n')).not.toContain('short-secret');
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^DATABASE_URL: must be a postgresql/), expect.stringMatching(/^JWT_SECRET: must be at least 16/)]),
    );
  });

  it('refuses short and placeholder secrets in production only', () => {
    const internal = { INTERNAL_API_SECRET: 'i'.repeat(40) };
    expect(problemsOf({ ...valid, ...internal, NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/^JWT_SECRET: must be at least 32 bytes in production/),
    ]);
    expect(problemsOf({ ...valid, ...internal, NODE_ENV: 'production', JWT_SECRET: 'changeme-changeme-changeme-changeme' })).toEqual([
      expect.stringMatching(/^JWT_SECRET: is a placeholder/),
    ]);
    expect(problemsOf({ ...valid, NODE_ENV: 'development' })).toEqual([]);
  });

  it(".env.example's secrets and password, copied as they are, refuse to start in production, one line each", () => {
    const example = Object.fromEntries(
      readFileSync(path.join(REPO_ROOT, '.env.example'), 'utf8')
        .split('\n')
        .map((line) => /^([A-Z_]+)=(.*)$/.exec(line))
        .filter((match) => match !== null)
        .map((match) => [match[1]!, match[2]!]),
    );
    for (const name of ['JWT_SECRET', 'INTERNAL_API_SECRET', 'POSTGRES_PASSWORD']) expect(EXAMPLE_SECRET_VALUES, name).toContain(example[name]);
    // As compose builds DATABASE_URL from POSTGRES_PASSWORD for its `db` service.
    const composeUrl = `postgresql://${example.POSTGRES_USER}:${example.POSTGRES_PASSWORD}@db:5432/${example.POSTGRES_DB}`;
    const problems = problemsOf({ ...example, DATABASE_URL: composeUrl, NODE_ENV: 'production' });
    expect(problems).toEqual([
      expect.stringMatching(/^JWT_SECRET: is a placeholder/),
      expect.stringMatching(/^INTERNAL_API_SECRET: is a placeholder/),
      expect.stringMatching(/^DATABASE_URL: has a placeholder password/),
    ]);
    expect(problems.join('\n')).not.toContain(example.JWT_SECRET);
    // The same values outside production (make up's local stack, tests) and a loopback database are fine.
    expect(problemsOf({ ...example, DATABASE_URL: composeUrl })).toEqual([]);
    const strong = { JWT_SECRET: 'Q9z!x7Lp0r2w4y6t8u1i3o5p7aK4m2n8b6v0c', INTERNAL_API_SECRET: 'w'.repeat(40) };
    expect(problemsOf({ ...example, ...strong, NODE_ENV: 'production' })).toEqual([]);
  });

  it('requires INTERNAL_API_SECRET in production, at least 32 characters anywhere', () => {
    const secret = `${'k'.repeat(12)}Q9z!x7Lp0r2w4y6t8u1i3o5p7a`;
    expect(problemsOf({ ...valid, NODE_ENV: 'production', JWT_SECRET: secret })).toEqual([
      expect.stringMatching(/^INTERNAL_API_SECRET: is required in production/),
    ]);
    expect(problemsOf({ ...valid, INTERNAL_API_SECRET: 'short' })).toEqual([expect.stringMatching(/^INTERNAL_API_SECRET: must be at least 32 characters/)]);
    expect(loadConfig(valid).internalApiSecret).toBeUndefined();
  });

  it('bounds the rows per resource (1,000 unless MAX_ROWS_PER_RESOURCE says otherwise)', () => {
    expect(loadConfig(valid).maxRowsPerResource).toBe(1000);
    expect(loadConfig({ ...valid, MAX_ROWS_PER_RESOURCE: '50' }).maxRowsPerResource).toBe(50);
    expect(problemsOf({ ...valid, MAX_ROWS_PER_RESOURCE: '0' })).toEqual([expect.stringMatching(/^MAX_ROWS_PER_RESOURCE: /)]);
  });

  it('parses numbers, booleans and lists', () => {
    const config = loadConfig({
      ...valid,
      PORT: '4100',
      SHUTDOWN_TIMEOUT_MS: '5000',
      SCHEMA_SYNC_ON_START: 'true',
      WEB_ORIGIN: 'http://a.test, http://b.test',
    });
    expect(config).toMatchObject({ port: 4100, shutdownTimeoutMs: 5000, schemaSyncOnStart: true, webOrigin: ['http://a.test', 'http://b.test'] });
    expect(problemsOf({ ...valid, PORT: 'eighty' })).toEqual([expect.stringMatching(/^PORT: /)]);
    expect(problemsOf({ ...valid, SCHEMA_SYNC_ON_START: 'yes' })).toEqual([expect.stringMatching(/^SCHEMA_SYNC_ON_START: /)]);
  });

  it('reports the commit as releaseId', () => {
    expect(loadConfig({ ...valid, RENDER_GIT_COMMIT: 'abc123' }).releaseId).toBe('abc123');
  });
});
