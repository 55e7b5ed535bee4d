// Secrets stay secret:
// - a run's complete log output (the real server.ts at LOG_LEVEL=trace, through sign-ups, sign-ins, authorised
//   calls, failed logins, bad bodies, a forged token and shutdown) contains no JWT_SECRET, no password, no
//   DATABASE_URL password and no token;
// - a production start with a missing, short or placeholder JWT_SECRET exits non-zero naming the variable
//   (and never printing the value).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNodeScript } from '@monitrax/test-support/run-to-exit';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { expense, http, startApiProcess, summary } from './support.ts';
import { REPO_ROOT } from '@monitrax/database/paths';
import { queuedSignUpLink, signUpToken } from '@monitrax/test-support/outbox';

let database: TestDatabase;
/** The API connects as a role of its own whose password is random, so that finding it in a log means a leak. */
let roleUrl: string;
const role = `secret_check_${randomBytes(4).toString('hex')}`;
beforeAll(async () => {
  database = await createTestDatabase();
  const password = `Db-${randomBytes(12).toString('hex')}`;
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  try {
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
    await admin.query(`GRANT ALL ON SCHEMA public TO ${role}`);
    await admin.query(`GRANT ALL ON ALL TABLES IN SCHEMA public TO ${role}`);
  } finally {
    await admin.end();
  }
  const url = new URL(database.url);
  url.username = role;
  url.password = password;
  roleUrl = url.toString();
});
afterAll(async () => {
  await database?.drop();
  const admin = new pg.Client({ connectionString: database.url.replace(/\/[^/?]+(\?|$)/, '/postgres$1') });
  await admin.connect();
  await admin.query(`DROP ROLE IF EXISTS ${role}`).finally(() => admin.end());
});

describe('secrets in logs', () => {
  it('a whole run logs no secret, password or token', async () => {
    const api = await startApiProcess({ databaseUrl: roleUrl, env: { LOG_LEVEL: 'trace' } });
    const secrets: Array<[string, string]> = [
      ['JWT_SECRET', api.jwtSecret],
      ['DATABASE_URL password', decodeURIComponent(new URL(roleUrl).password)],
    ];
    let requests = 0;
    try {
      for (let i = 0; i < 5; i += 1) {
        const password = `Logged-Never-${i}-${Math.random().toString(36).slice(2)}`;
        secrets.push([`user password ${i}`, password]);
        const email = `secret-${i}-${Date.now()}@example.com`;
        await http({ port: api.port, method: 'POST', path: '/api/auth/register', body: { email, password, name: `Secret ${i}` } });
        const linkToken = signUpToken(await queuedSignUpLink(roleUrl, email));
        secrets.push([`sign-up link ${i}`, linkToken]);
        const confirmed = await http({ port: api.port, method: 'POST', path: '/api/auth/confirm', body: { token: linkToken, password } });
        const token = (confirmed.json as { data: { token: string } }).data.token;
        secrets.push([`token ${i}`, token]);
        const login = await http({ port: api.port, method: 'POST', path: '/api/auth/login', body: { email, password } });
        secrets.push([`login token ${i}`, (login.json as { data: { token: string } }).data.token]);
        await http({ port: api.port, method: 'POST', path: '/api/auth/login', body: { email, password: `${password}-wrong` } });
        await http({ port: api.port, method: 'POST', path: '/api/expenses', token, body: expense(i) });
        await http({ port: api.port, method: 'POST', path: '/api/expenses', token, body: { payee: password } }); // a 400 echoing nothing
        await http({ port: api.port, path: '/api/auth/me', token: `${token}x` });
        await http({ port: api.port, path: '/api/portfolio/snapshot', token });
        requests += 7;
      }
    } finally {
      await api.stop();
    }
    const output = api.output();
    const lines = output.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(requests); // every request was logged, so the check saw them all
    const leaks = secrets.filter(([, value]) => value && output.includes(value)).map(([name]) => name);
    expect(leaks, 'secrets found in the log output').toEqual([]);
    expect(output).not.toMatch(/authorization"?\s*:\s*"Bearer/i);
    summary('secrets in logs', { 'requests sent': requests, 'log lines scanned': lines.length, 'secrets checked': secrets.length, leaks: leaks.length });
  });
});

describe('production start without a usable JWT_SECRET', () => {
  const cases: Array<[string, string | undefined]> = [
    ['missing', undefined],
    ['short', 'too-short-0123456789'],
    ['placeholder', 'replace-me-with-openssl-rand-base64-48-xxxxxxxx'],
  ];

  it.each(cases)('%s: exits non-zero naming JWT_SECRET, without printing the value', async (_name, secret) => {
    const { code, stdout, stderr } = await runNodeScript('services/api/src/server.ts', [], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        DATABASE_URL: 'postgresql://monitrax:db-password-not-printed@127.0.0.1:1/monitrax',
        ...(secret ? { JWT_SECRET: secret } : {}),
      },
    });
    const output = stdout + stderr;
    expect(code).not.toBe(0);
    expect(output).toMatch(/JWT_SECRET: /);
    if (secret) expect(output).not.toContain(secret);
    expect(output).not.toContain('db-password-not-printed');
    summary(`production start, JWT_SECRET ${_name}`, { 'exit code': code ?? 'none', 'names the variable': 'yes' });
  });
});
