// INTERNAL_API_SECRET, as a request carries it in X-Monitrax-Internal-Secret: only the web server (and an operator
// holding the secret) sends it. Believed for the client address (middleware/client-address.ts) and for the detailed
// health document (health/routes.ts).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { INTERNAL_SECRET_HEADER } from '@monitrax/contract/headers';

// Equal-length digests, so the comparison takes the same time whatever the caller sent.
const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** A test of requests for the secret; never true when the API has none. */
export function internalSecretTest(internalSecret: string | undefined): (req: Request) => boolean {
  const expected = internalSecret ? digest(internalSecret) : undefined;
  return (req) => {
    const sent = req.get(INTERNAL_SECRET_HEADER);
    return expected !== undefined && sent !== undefined && timingSafeEqual(digest(sent), expected);
  };
}
