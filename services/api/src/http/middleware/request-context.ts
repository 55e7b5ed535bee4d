// Stamps each request with its arrival time and a request id, echoed back as X-Request-Id.
// An incoming X-Request-Id (from Render's proxy or the web server) is kept when it looks sane, so
// one id follows a request across services; otherwise we mint a UUID. Runs first, so every response
// carries the id; the request logger (pino-http) reuses it as the log's reqId.
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { REQUEST_ID_HEADER, SAFE_REQUEST_ID } from '@monitrax/contract/headers';
import { recordOnRequestSpan } from '@monitrax/telemetry/request-span';

/** The span attribute that holds the request id. */
export const REQUEST_ID_ATTRIBUTE = 'monitrax.request_id';

/** The caller's X-Request-Id when it is safe to echo and log, else a new UUID. */
export function requestIdFor(headers: IncomingHttpHeaders): string {
  const incoming = headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

export function requestContext(req: Request, res: Response, next: NextFunction) {
  req.startedAt = process.hrtime.bigint();
  const id = requestIdFor(req.headers);
  req.id = id;
  res.setHeader(REQUEST_ID_HEADER, id);
  // The request's trace carries the id the logs and the answer carry (a no-op when telemetry is off).
  recordOnRequestSpan({ [REQUEST_ID_ATTRIBUTE]: id });
  next();
}
