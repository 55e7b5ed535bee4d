// Stamps each request with its arrival time and a request id, echoed back as X-Request-Id.
// An incoming X-Request-Id (from Render's proxy or the web server) is kept when it looks sane, so
// one id follows a request across services; otherwise we mint a UUID.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

export function stampArrival(req: Request, _res: Response, next: NextFunction) {
  req.startedAt = process.hrtime.bigint();
  next();
}
