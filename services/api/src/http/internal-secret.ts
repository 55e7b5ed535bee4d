// INTERNAL_API_SECRET, as a request carries it in X-Monitrax-Internal-Secret: only the web server (and an operator
// holding the secret) sends it. Believed for the client address (middleware/client-address.ts) and for the detailed
// health document (health/routes.ts).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { INTERNAL_SECRET_HEADER } from '@monitrax/contract/headers';

// Equal-length digests, so the comparison takes the same time whatever the caller sent.
const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export type InternalSecretTest = (req: Request) => boolean;

/**
 * A test of requests for the secret; never true when the API has none. `onMismatch` is told (once per process) when
 * a request carries a secret that is not the API's: a web server configured with another value, whose browsers the
 * API then cannot tell apart (every sign-in counted as the web server's); otherwise that fails silently.
 */
export function internalSecretTest(internalSecret: string | undefined, onMismatch: () => void = () => {}): InternalSecretTest {
  const expected = internalSecret ? digest(internalSecret) : undefined;
  let told = false;
  return (req) => {
    const sent = req.get(INTERNAL_SECRET_HEADER);
    if (sent === undefined) return false;
    const matches = expected !== undefined && timingSafeEqual(digest(sent), expected);
    if (!matches && !told) {
      told = true;
      onMismatch();
    }
    return matches;
  };
}
