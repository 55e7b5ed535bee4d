// Stamps each request with its arrival time and a request id, echoed back as X-Request-Id.
// An incoming X-Request-Id (from Render's proxy or the web server) is kept when it looks sane, so
// one id follows a request across services; otherwise we mint a UUID. Runs first, so every response,
// health probes included, carries the id; the request logger (pino-http) reuses it as the log's reqId.
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestContext(req: Request, res: Response, next: NextFunction) {
  req.startedAt = process.hrtime.bigint();
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  req.id = id;
  res.setHeader('X-Request-Id', id);
  next();
}
