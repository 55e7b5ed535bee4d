// The web's sign-in form as a browser without JavaScript uses it, over plain HTTP from a chosen loopback address
// (127.0.0.2 and 127.0.0.3 are this machine too, and count as two clients): read the page's hidden fields (React's
// server-action reference among them), post the form to the page itself. For the tests that count sign-in budgets per
// client through the web (`next start`, the Vercel build).
import { request as httpRequest } from 'node:http';

export interface Answer {
  status: number;
  location: string | undefined;
  setCookie: string[];
  body: string;
}

export interface FormClient {
  /** One HTTP request to the web from `localAddress`. */
  fromAddress(localAddress: string, path: string, options?: { method?: string; headers?: Record<string, string>; body?: Buffer }): Promise<Answer>;
  /** The sign-in form's hidden fields, as the page renders them; throws when the page does not answer 200. */
  signInFormFields(localAddress: string): Promise<Array<[string, string]>>;
  /** Posts the sign-in form (multipart, to /sign-in), with extra headers a client chooses. */
  postSignIn(
    localAddress: string,
    fields: Array<[string, string]>,
    credentials: { email: string; password: string },
    headers?: Record<string, string>,
  ): Promise<Answer>;
}

export const RATE_LIMITED_MESSAGE = 'Too many attempts; wait a few minutes and try again';

/** A 303 with a session cookie: what a successful sign-in answers. */
/** A sign-in that set the production build's session cookie (both runs this serves are production builds). */
export const signedIn = (answer: Answer) =>
  answer.status === 303 && answer.setCookie.some((cookie) => /^__Host-monitrax_session=[^;]+;.*\bSecure\b/i.test(cookie));

const decode = (value: string) =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

export function formClient(webUrl: () => string, timeoutMs: number): FormClient {
  const fromAddress: FormClient['fromAddress'] = (localAddress, path, options = {}) =>
    new Promise((resolve, reject) => {
      const req = httpRequest(
        new URL(path, webUrl()),
        { method: options.method ?? 'GET', localAddress, headers: options.headers, timeout: timeoutMs },
        (res) => {
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
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${path} from ${localAddress}: no answer in ${timeoutMs / 1000} s`)));
      req.on('error', reject);
      req.end(options.body);
    });

  return {
    fromAddress,
    async signInFormFields(localAddress) {
      const page = await fromAddress(localAddress, '/sign-in');
      if (page.status !== 200) throw new Error(`/sign-in answered ${page.status}: ${page.body.slice(0, 500)}`);
      const form = /<form[^>]*>([\s\S]*?)<\/form>/.exec(page.body)?.[1] ?? '';
      return [...form.matchAll(/<input([^>]*)>/g)]
        .map((match) => match[1]!)
        .filter((attributes) => /type="hidden"/.test(attributes))
        .map((attributes) => [decode(/name="([^"]*)"/.exec(attributes)?.[1] ?? ''), decode(/value="([^"]*)"/.exec(attributes)?.[1] ?? '')] as [string, string])
        .filter(([name]) => name !== '');
    },
    async postSignIn(localAddress, fields, credentials, headers = {}) {
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
    },
  };
}
