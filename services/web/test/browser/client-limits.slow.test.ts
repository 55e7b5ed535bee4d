// The sign-in limits on the path a person's request takes: a browser posts the sign-in form to the web server,
// whose server action calls the API. Two clients on two loopback addresses (127.0.0.2 and 127.0.0.3 are this
// machine too): A spends its whole budget on wrong passwords and is refused, B still signs in with its own, and A
// cannot buy a fresh budget with an X-Forwarded-For (or our own client-address header, or a prefetch's headers) it
// writes itself.
// Plain form posts, as a browser without JavaScript sends them: the sign-in form works that way by design.
import { request as httpRequest } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { stack, registerThroughApi, SKIP, uniqueUser } from './browser.ts';

const CLIENT_A = '127.0.0.2';
const CLIENT_B = '127.0.0.3';
/** The API's sign-in budget per client (services/api/src/auth/rate-limits.ts, DEFAULT_AUTH_RATE_LIMITS.loginPerIp). */
const LOGIN_BUDGET = 50;
const RATE_LIMITED = 'Too many attempts; wait a few minutes and try again';

interface Answer {
  status: number;
  location: string | undefined;
  setCookie: string[];
  body: string;
}

/** One HTTP request to the web server from the given local address. */
function fromAddress(localAddress: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer } = {}): Promise<Answer> {
  const url = new URL(path, stack.webUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', localAddress, headers: options.headers, timeout: 20_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          location: res.headers.location,
          setCookie: res.headers['set-cookie'] ?? [],
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('timeout', () => req.destroy(new Error(`${path} from ${localAddress}: no answer in 20 s`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

const decode = (value: string) =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The sign-in form's hidden fields (React's server-action reference among them), as the page renders them. */
async function signInFormFields(localAddress: string): Promise<Array<[string, string]>> {
  const page = await fromAddress(localAddress, '/sign-in');
  expect(page.status).toBe(200);
  const form = /<form[^>]*>([\s\S]*?)<\/form>/.exec(page.body)?.[1] ?? '';
  return [...form.matchAll(/<input([^>]*)>/g)]
    .map((match) => match[1]!)
    .filter((attributes) => /type="hidden"/.test(attributes))
    .map((attributes) => [decode(/name="([^"]*)"/.exec(attributes)?.[1] ?? ''), decode(/value="([^"]*)"/.exec(attributes)?.[1] ?? '')] as [string, string])
    .filter(([name]) => name !== '');
}

/** Posts the sign-in form the way a browser without JavaScript does (multipart, to the page itself). */
async function postSignIn(
  localAddress: string,
  fields: Array<[string, string]>,
  credentials: { email: string; password: string },
  headers: Record<string, string> = {},
): Promise<Answer> {
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  form.set('email', credentials.email);
  form.set('password', credentials.password);
  const encoded = new Request('http://form.invalid/', { method: 'POST', body: form });
  const body = Buffer.from(await encoded.arrayBuffer());
  return fromAddress(localAddress, '/sign-in', {
    method: 'POST',
    body,
    headers: { 'content-type': encoded.headers.get('content-type')!, 'content-length': String(body.length), ...headers },
  });
}

const signedIn = (answer: Answer) => answer.status === 303 && answer.setCookie.some((cookie) => /^monitrax_session=[^;]+/.test(cookie));

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
