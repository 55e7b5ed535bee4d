import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'dotenv';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureEnvFile } from './env-file.ts';

const EXAMPLE = path.resolve(import.meta.dirname, '../../../../.env.example');
const dirs: string[] = [];
const fresh = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'monitrax-env-'));
  dirs.push(dir);
  return path.join(dir, '.env');
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('ensureEnvFile (make up)', () => {
  it('writes a new .env with generated secrets and a random database password that DATABASE_URL uses too', () => {
    const file = fresh();
    expect(ensureEnvFile({}, file, EXAMPLE)).toEqual({ created: true, generated: ['JWT_SECRET', 'INTERNAL_API_SECRET', 'POSTGRES_PASSWORD'] });
    const values = parse(readFileSync(file));
    const example = parse(readFileSync(EXAMPLE));
    for (const name of ['JWT_SECRET', 'INTERNAL_API_SECRET', 'POSTGRES_PASSWORD']) expect(values[name], name).not.toBe(example[name]);
    expect(values.INTERNAL_API_SECRET!.length).toBeGreaterThanOrEqual(32);
    expect(values.POSTGRES_PASSWORD).toMatch(/^[0-9a-f]{48}$/);
    expect(values.DATABASE_URL).toBe(`postgresql://monitrax:${values.POSTGRES_PASSWORD}@127.0.0.1:5432/monitrax`);
  });

  it('appends a secret an older .env lacks, leaving the database password alone', () => {
    const file = fresh();
    writeFileSync(file, 'JWT_SECRET=kept-as-it-is\nPOSTGRES_PASSWORD=the-volume-knows-this\n');
    expect(ensureEnvFile({}, file, EXAMPLE)).toEqual({ created: false, generated: ['INTERNAL_API_SECRET'] });
    const values = parse(readFileSync(file));
    expect(values).toMatchObject({ JWT_SECRET: 'kept-as-it-is', POSTGRES_PASSWORD: 'the-volume-knows-this' });
    expect(values.INTERNAL_API_SECRET!.length).toBeGreaterThanOrEqual(32);
    expect(ensureEnvFile({}, file, EXAMPLE).generated).toEqual([]);
  });

  it('writes nothing when the environment gives every secret (make smoke, CI)', () => {
    const file = fresh();
    expect(ensureEnvFile({ JWT_SECRET: 'a', INTERNAL_API_SECRET: 'b', POSTGRES_PASSWORD: 'c' }, file, EXAMPLE)).toEqual({ created: false, generated: [] });
    expect(() => readFileSync(file)).toThrow();
  });
});
