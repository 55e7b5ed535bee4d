// The sign-in limits on the path a person's request takes: a browser posts the sign-in form to the web server,
// whose server action calls the API. Two clients on two loopback addresses (127.0.0.2 and 127.0.0.3 are this
// machine too): A spends its whole budget on wrong passwords and is refused, B still signs in with its own, and A
// cannot buy a fresh budget with an X-Forwarded-For (or our own client-address header, or a prefetch's headers) it
// writes itself.
// Plain form posts, as a browser without JavaScript sends them: the sign-in form works that way by design.
import { beforeAll, describe, expect, it } from 'vitest';
import { formClient, RATE_LIMITED_MESSAGE, signedIn } from '@monitrax/test-support/sign-in-form';
import { DEVICE_COOKIE_NAMES } from '../../src/lib/session-rules.ts';
import { stack, registerThroughApi, SKIP, uniqueUser } from './browser.ts';

const CLIENT_A = '127.0.0.2';
const CLIENT_B = '127.0.0.3';
/** The API's sign-in budget per client (services/api/src/auth/rate-limits.ts, DEFAULT_AUTH_RATE_LIMITS.loginPerIp). */
const LOGIN_BUDGET = 50;
const RATE_LIMITED = RATE_LIMITED_MESSAGE;

const { signInFormFields, postSignIn } = formClient(() => stack.webUrl, 30_000);

describe('sign-in limits per browser, through the web server', () => {
  const victim = uniqueUser('limits');
  let fieldsA: Array<[string, string]>;
  let fieldsB: Array<[string, string]>;

  beforeAll(async () => {
    if (SKIP) return;
    await registerThroughApi(victim);
    [fieldsA, fieldsB] = await Promise.all([signInFormFields(CLIENT_A), signInFormFields(CLIENT_B)]);
  });

  it.skipIf(SKIP)('a plain form post signs in (the path the rest of this test relies on)', async () => {
    expect(fieldsB.some(([name]) => name.startsWith('$ACTION'))).toBe(true);
    const answer = await postSignIn(CLIENT_B, fieldsB, victim);
    expect({ status: answer.status, location: answer.location, signedIn: signedIn(answer) }).toEqual({ status: 303, location: '/dashboard', signedIn: true });
  });

  it.skipIf(SKIP)("client A's failures lock out A, not B; A's own X-Forwarded-For buys nothing", async () => {
    // A new email each time, so that only the per-client budget runs out (each email has its own, too).
    for (let attempt = 1; attempt <= LOGIN_BUDGET; attempt += 1) {
      const answer = await postSignIn(CLIENT_A, fieldsA, { email: `nobody-${attempt}-${Date.now()}@example.com`, password: 'wrong-password' });
      expect({ attempt, status: answer.status, limited: answer.body.includes(RATE_LIMITED) }).toEqual({ attempt, status: 200, limited: false });
    }
    const refused = await postSignIn(CLIENT_A, fieldsA, victim);
    expect(refused.body).toContain(RATE_LIMITED);
    expect(signedIn(refused)).toBe(false);

    const forged = await postSignIn(CLIENT_A, fieldsA, victim, {
      'X-Forwarded-For': '198.51.100.7',
      'X-Monitrax-Client-Address': '198.51.100.7',
      'X-Real-IP': '198.51.100.7',
    });
    expect(forged.body).toContain(RATE_LIMITED);
    expect(signedIn(forged)).toBe(false);
    // A prefetch's headers once let a request past the proxy, which settles the address on every runtime.
    const forgedPrefetch = await postSignIn(CLIENT_A, fieldsA, victim, {
      'X-Monitrax-Client-Address': '198.51.100.8',
      'X-Monitrax-Client-Address-Stamp': 'guessed',
      'Next-Router-Prefetch': '1',
      Purpose: 'prefetch',
    });
    expect(forgedPrefetch.body).toContain(RATE_LIMITED);
    expect(signedIn(forgedPrefetch)).toBe(false);

    const other = await postSignIn(CLIENT_B, fieldsB, victim);
    expect(signedIn(other)).toBe(true);
  });
});

describe('knowing an email locks nobody out, through the web server', () => {
  // Two more clients on this machine: one address shared by an attacker and the owner's usual browser (one NAT), and
  // a browser the owner never used.
  const SHARED = '127.0.0.4';
  const NEW_BROWSER = '127.0.0.6';
  /** The API's failures per email and client (DEFAULT_AUTH_RATE_LIMITS.loginFailuresPerEmail). */
  const EMAIL_BUDGET = 10;
  const owner = uniqueUser('owner');
  const deviceCookieOf = (answer: { setCookie: string[] }) =>
    answer.setCookie.find((cookie) => cookie.startsWith(`${DEVICE_COOKIE_NAMES.production}=`))?.split(';')[0];

  it.skipIf(SKIP)("an attacker's failures on the owner's email stop the attacker, not the owner's browsers", async () => {
    await registerThroughApi(owner);
    const [shared, fresh] = await Promise.all([signInFormFields(SHARED), signInFormFields(NEW_BROWSER)]);
    // The owner's usual browser has signed in before: it keeps a device cookie (httpOnly, Secure, __Host-).
    const earlier = await postSignIn(SHARED, shared, owner);
    expect(signedIn(earlier)).toBe(true);
    const device = deviceCookieOf(earlier);
    expect(device, earlier.setCookie.join('\n')).toBeDefined();
    expect(earlier.setCookie.find((cookie) => cookie.startsWith(device!))).toMatch(/HttpOnly/i);

    for (let attempt = 1; attempt <= EMAIL_BUDGET; attempt += 1) {
      const answer = await postSignIn(SHARED, shared, { email: owner.email, password: 'wrong-password' });
      expect({ attempt, limited: answer.body.includes(RATE_LIMITED), signedIn: signedIn(answer) }).toEqual({ attempt, limited: false, signedIn: false });
    }
    // Without the owner's device cookie, that address is walled off this email, even with the right password ...
    const walled = await postSignIn(SHARED, shared, owner);
    expect(walled.body).toContain(RATE_LIMITED);
    expect(signedIn(walled)).toBe(false);
    // ... the owner's usual browser behind it signs in with its device cookie ...
    expect(signedIn(await postSignIn(SHARED, shared, owner, { cookie: device! }))).toBe(true);
    // ... and so does a browser the owner never used, which has not failed (slowed, not refused).
    const elsewhere = await postSignIn(NEW_BROWSER, fresh, owner);
    expect(elsewhere.body).not.toContain(RATE_LIMITED);
    expect(signedIn(elsewhere)).toBe(true);
  });
});
