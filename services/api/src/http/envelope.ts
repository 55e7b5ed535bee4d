// Sends the contract's envelope (services/contract/src/envelope.ts): every endpoint but health.
import type { Request, Response } from 'express';
import type { Envelope, Meta } from '@monitrax/contract/envelope';
import type { ApiError } from './errors.ts';

function meta(req: Request, extra?: Record<string, unknown>): Meta {
  const startedAt = req.startedAt ?? process.hrtime.bigint();
  const durationMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
  return {
    timestamp: new Date().toISOString(),
    durationMs: Math.round(durationMs * 100) / 100,
    requestId: req.id ? String(req.id) : 'unknown',
    ...extra,
  };
}

export function sendData<T>(req: Request, res: Response, data: T, options: { status?: number; meta?: Record<string, unknown> } = {}) {
  const body: Envelope<T> = { success: true, data, error: null, meta: meta(req, options.meta) };
  res.status(options.status ?? 200).json(body);
}

export function sendError(req: Request, res: Response, error: ApiError) {
  const body: Envelope<never> = {
    success: false,
    data: null,
    error: { code: error.code, message: error.message, details: error.details },
    meta: meta(req),
  };
  res.status(error.status).json(body);
}
