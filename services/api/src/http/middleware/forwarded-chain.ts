// Logs the length of each X-Forwarded-For chain the API sees, once per length, never an address (why: the
// contract's forwarded-chain.ts, which the web follows too).
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { forwardedChainEntries, forwardedChainNote } from '@monitrax/contract/forwarded-chain';

export function forwardedChainReport(trustProxy: number, logger: Logger): RequestHandler {
  const reported = new Set<number>();
  return (req, _res, next) => {
    const entries = forwardedChainEntries(req.headers['x-forwarded-for']);
    const note = forwardedChainNote(entries, trustProxy, reported);
    if (note) logger[note.level]({ xForwardedForEntries: entries, trustProxy }, note.message);
    next();
  };
}
