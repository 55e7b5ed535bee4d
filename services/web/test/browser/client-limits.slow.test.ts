// The sign-in limits on the path a person's request takes: a browser posts the sign-in form to the web server,
// whose server action calls the API. Two clients on two loopback addresses (127.0.0.2 and 127.0.0.3 are this
// machine too): A spends its whole budget on wrong passwords and is refused, B still signs in with its own, and A
// cannot buy a fresh budget with an X-Forwarded-For (or our own client-address header, or a prefetch's headers) it
// writes itself.
// Plain form posts, as a browser without JavaScript sends them: the sign-in form works that way by design.
import { beforeAll, describe, expect, it } from 'vitest';
import { formClient, RATE_LIMITED_MESSAGE, signedIn } from '@monitrax/test-support/sign-in-form';
import { stack, registerThroughApi, SKIP, uniqueUser } from './browser.ts';

const CLIENT_A = '127.0.0.2';
const CLIENT_B = '127.0.0.3';
/** The API's sign-in budget per client (services/api/src/auth/rate-limits.ts, DEFAULT_AUTH_RATE_LIMITS.loginPerIp). */
const LOGIN_BUDGET = 50;
const RATE_LIMITED = RATE_LIMITED_MESSAGE;

const { signInFormFields, postSignIn } = formClient(() => stack.webUrl, 20_000);

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
