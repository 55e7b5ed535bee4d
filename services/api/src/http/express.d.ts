// Request fields our middleware adds. `id` (set by requestContext) is declared by pino-http; the rest are ours.
import 'express-serve-static-core';

declare module 'express-serve-static-core' {
  interface Request {
    /** process.hrtime.bigint() when the request arrived; meta.durationMs is measured from it. */
    startedAt?: bigint;
    /** Set by requireAuth: the signed-in user's id and the session its token names. */
    userId?: string;
    sessionId?: string;
    /** Set by clientAddress: who the client is, for the login and registration limits. */
    clientAddress?: string;
    /** Set on a sign-in whose device token names the email it signs in to (auth/device-tokens.ts). */
    deviceId?: string;
  }
}
