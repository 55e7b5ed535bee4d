import { describe, expect, it } from 'vitest';
import { fakeWorld } from '../fake-world.ts';
import { checkEnvFile } from './env-file.ts';

const file = (values: Record<string, string>) => ({ path: '/work/.env', exists: true, values });
const GOOD = { DATABASE_URL: 'postgresql://monitrax:monitrax@127.0.0.1:5432/monitrax', JWT_SECRET: 'a-local-secret-of-enough-length' };

describe('.env against the API config schema', () => {
  it('skips when there is no .env, saying make dev needs none', async () => {
    const result = await checkEnvFile(fakeWorld());
    expect(result.status).toBe('skip');
    expect(result.detail).toContain('`make dev` needs none');
    expect(result.detail).toContain('.env.example');
  });

  it('names the folder it looked in when that is not the repository root', async () => {
    const atRoot = await checkEnvFile(fakeWorld({ envFile: { path: '/repo/.env', exists: false, values: {} } }));
    expect(atRoot.detail).toMatch(/^no \.env: /);
    const elsewhere = await checkEnvFile(fakeWorld({ envFile: { path: '/repo/services/dev-tools/.env', exists: false, values: {} } }));
    expect(elsewhere.detail).toMatch(/^no \.env in \/repo\/services\/dev-tools: /);
  });

  it('is ok for a valid .env', async () => {
    const result = await checkEnvFile(fakeWorld({ envFile: file(GOOD) }));
    expect(result).toEqual({ name: '.env', status: 'ok', detail: ".env (2 variables) passes the API's config schema" });
  });

  it('fails with each problem line, naming variables and never their values', async () => {
    const secretish = 'postgres-but-not-a-url-s3cr3t';
    const result = await checkEnvFile(fakeWorld({ envFile: file({ DATABASE_URL: secretish, LOG_LEVEL: 'loud', PORT: 'x' }) }));
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('DATABASE_URL: must be a postgresql:// URL');
    expect(result.detail).toContain('JWT_SECRET: is required');
    expect(result.detail).toMatch(/LOG_LEVEL: /);
    expect(result.detail).toMatch(/PORT: /);
    expect(result.detail).not.toContain(secretish);
    expect(result.detail).not.toContain('loud');
    expect(result.fix).toContain('.env.example');
  });

  it('applies production rules when the environment or .env says production', async () => {
    const result = await checkEnvFile(fakeWorld({ env: { NODE_ENV: 'production' }, envFile: file({ ...GOOD, JWT_SECRET: 'replace-me-with-openssl-rand' }) }));
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('JWT_SECRET: must be at least 32 bytes in production');
    expect(result.detail).toContain('JWT_SECRET: is a placeholder');
  });

  it('lets .env values win over the environment (what a container with env_file sees)', async () => {
    const result = await checkEnvFile(fakeWorld({ env: { JWT_SECRET: 'short' }, envFile: file(GOOD) }));
    expect(result.status).toBe('ok');
  });

  it('fails when .env cannot be read', async () => {
    const result = await checkEnvFile(fakeWorld({ envFile: { path: '/work/.env', exists: true, values: {}, readError: 'EACCES' } }));
    expect(result).toMatchObject({ status: 'fail', detail: '.env exists but cannot be read (EACCES)' });
  });
});
