// The web as Vercel builds and runs it: `make vercel-build`'s output (Vercel's CLI, offline) served through Vercel's
// own Lambda runtime and Node.js launcher, behind an edge that writes X-Forwarded-For as Vercel's does, with the
// variables vercel.env.example declares, against a real API, worker and PostgreSQL 17. Sign-in, the dashboard and the
// status page through it (plain HTTP always; in Chromium too where Debian's Chromium is installed), and a client
// address a browser makes up must not reach the API: the API's sign-in budget per client still runs out when every
// attempt claims another address, and another client keeps its own budget.
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CLIENT_ADDRESS_HEADER } from '@monitrax/contract/headers';
import { SESSION_COOKIE_NAMES } from '@monitrax/web/lib/session-rules';
import { CHROMIUM_ARGS, chromiumPath, chromiumProblem } from '@monitrax/test-support/chromium';
import { type Answer, formClient, RATE_LIMITED_MESSAGE, signedIn } from '@monitrax/test-support/sign-in-form';
import { startVercelStack, type VercelStack } from './stack.ts';
import { linkIn } from '@monitrax/test-support/mailbox';
import { signUpToken } from '@monitrax/test-support/outbox';

const CHROMIUM = chromiumPath();
const NO_CHROMIUM = chromiumProblem(CHROMIUM) !== null;
const CLIENT_A = '127.0.0.2';
const CLIENT_B = '127.0.0.3';
/** The API's sign-in budget per client (services/api/src/auth/rate-limits.ts, DEFAULT_AUTH_RATE_LIMITS.loginPerIp). */
const LOGIN_BUDGET = 50;
const RATE_LIMITED = RATE_LIMITED_MESSAGE;

let stack: VercelStack;

const { fromAddress, signInFormFields, postSignIn } = formClient(() => stack.webUrl, 60_000);
const sessionCookie = (answer: Answer) => answer.setCookie.find((cookie) => cookie.startsWith(`${SESSION_COOKIE_NAMES.production}=`))!.split(';')[0]!;

function uniqueUser(label: string) {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  return { name: `Vercel ${label}`, email: `vercel-${label}-${id}@example.com`, password: `pw-${id}-Correct-Horse` };
}

/** Signs up through the API: the request, then the link in the mail the stack's worker sends. */
async function register(user: ReturnType<typeof uniqueUser>): Promise<void> {
  const post = (path: string, body: unknown) =>
    fetch(`${stack.apiUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const requested = await post('/api/auth/register', user);
  expect(requested.status, await requested.clone().text()).toBe(202);
  await vi.waitFor(() => expect(stack.mailbox.received.some((mail) => mail.to.includes(user.email))).toBe(true), { timeout: 20_000, interval: 100 });
  const mail = stack.mailbox.received.find((received) => received.to.includes(user.email))!;
  const confirmed = await post('/api/auth/confirm', { token: signUpToken(linkIn(mail)), password: user.password });
  expect(confirmed.status, await confirmed.clone().text()).toBe(201);
}

beforeAll(async () => {
  stack = await startVercelStack();
  process.stdout.write(`[vercel] serving ${stack.built} at ${stack.webUrl}, API ${stack.apiUrl}\n`);
});

afterAll(async () => {
  await stack?.stop();
});

describe("the web on Vercel: its build, run by Vercel's launcher", () => {
  it('answers its health through the function, with the API behind it', async () => {
    const health = await fromAddress(CLIENT_B, '/api/health');
    expect(health.status, health.body).toBe(200);
  });

  it('signs in, shows the dashboard and the status page (plain HTTP)', async () => {
    const user = uniqueUser('http');
    await register(user);
    expect((await fromAddress(CLIENT_B, '/dashboard')).location).toMatch(/^\/sign-in\?next=(%2F|\/)dashboard/); // the proxy ran
    const fields = await signInFormFields(CLIENT_B);
    const answer = await postSignIn(CLIENT_B, fields, user);
    expect({ status: answer.status, location: answer.location, signedIn: signedIn(answer) }).toEqual({ status: 303, location: '/dashboard', signedIn: true });
    const dashboard = await fromAddress(CLIENT_B, '/dashboard', { headers: { cookie: sessionCookie(answer) } });
    expect(dashboard.status).toBe(200);
    expect(dashboard.body).toContain('Dashboard');
    const status = await fromAddress(CLIENT_B, '/status', { headers: { cookie: sessionCookie(answer) } });
    expect(status.status).toBe(200);
    expect(status.body).toContain('System status');
    expect(status.body).toContain(stack.releaseId);
    const signedOut = await fromAddress(CLIENT_B, '/status');
    expect(signedOut.body).toContain('System status');
    expect(signedOut.body).not.toContain(stack.releaseId);
  });

  it.skipIf(NO_CHROMIUM)('signs in, shows the dashboard and the status page in Chromium (static assets and client navigation)', async () => {
    const user = uniqueUser('browser');
    await register(user);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [...CHROMIUM_ARGS],
      timeout: 30_000,
    });
    try {
      const context = await browser.newContext({ baseURL: stack.webUrl, locale: 'en-AU' });
      context.setDefaultTimeout(30_000);
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto('/sign-in');
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await page.getByLabel('Email', { exact: true }).fill(user.email);
      await page.getByLabel('Password', { exact: true }).fill(user.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/dashboard');
      await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
      await page.goto('/status');
      await page.getByRole('heading', { level: 1, name: 'System status' }).waitFor();
      await page.getByText(stack.releaseId, { exact: false }).first().waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('a client-address header the browser makes up never reaches the API: one sign-in budget per client', async () => {
    const victim = uniqueUser('limits');
    await register(victim);
    const [fieldsA, fieldsB] = await Promise.all([signInFormFields(CLIENT_A), signInFormFields(CLIENT_B)]);
    // Each attempt claims another address (our own header, X-Forwarded-For and X-Real-IP): if the API believed any
    // of them, every attempt would get a fresh budget and none would be refused.
    for (let attempt = 1; attempt <= LOGIN_BUDGET; attempt += 1) {
      const spoofed = `198.51.100.${attempt}`;
      const answer = await postSignIn(
        CLIENT_A,
        fieldsA,
        { email: `nobody-${attempt}-${Date.now()}@example.com`, password: 'wrong-password' },
        { [CLIENT_ADDRESS_HEADER]: spoofed, 'X-Forwarded-For': spoofed, 'X-Real-IP': spoofed },
      );
      expect({ attempt, status: answer.status, limited: answer.body.includes(RATE_LIMITED) }).toEqual({ attempt, status: 200, limited: false });
    }
    const refused = await postSignIn(CLIENT_A, fieldsA, victim, { [CLIENT_ADDRESS_HEADER]: '203.0.113.9' });
    expect(refused.body, 'the spoofed address bought a fresh budget: the API believed a client-sent header').toContain(RATE_LIMITED);
    expect(signedIn(refused)).toBe(false);
    // Another client on its own address keeps its own budget: the API counts clients, not Vercel as one.
    expect(signedIn(await postSignIn(CLIENT_B, fieldsB, victim))).toBe(true);
  }, 300_000);
});
