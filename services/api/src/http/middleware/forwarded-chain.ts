// How many entries X-Forwarded-For arrives with, logged once for each length this process sees, never an address.
// TRUST_PROXY must equal the proxies that append to the header in front of the service (two on Render: Cloudflare
// and Render's proxy): a deploy's log then says whether that still holds. Fewer entries than TRUST_PROXY is a warning:
// the client address is then the leftmost entry, which a client can write.
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

/** Lengths reported per process at most: a client that pads the header cannot flood the log. */
const MOST_LENGTHS_REPORTED = 8;

export function forwardedChainEntries(header: string | string[] | undefined): number {
  if (header === undefined) return 0;
  return (Array.isArray(header) ? header.join(',') : header).split(',').filter((entry) => entry.trim() !== '').length;
}

export function forwardedChainReport(trustProxy: number, logger: Logger): RequestHandler {
  const reported = new Set<number>();
  return (req, _res, next) => {
    const entries = forwardedChainEntries(req.headers['x-forwarded-for']);
    if (entries > 0 && !reported.has(entries) && reported.size < MOST_LENGTHS_REPORTED) {
      reported.add(entries);
      const fields = { xForwardedForEntries: entries, trustProxy };
      if (entries < trustProxy) {
        logger.warn(
          fields,
          `X-Forwarded-For arrived with ${entries} entries, fewer than TRUST_PROXY=${trustProxy}: the client address is the leftmost entry, which a client can write; is TRUST_PROXY right for this host?`,
        );
      } else {
        logger.info(
          fields,
          `X-Forwarded-For arrives with ${entries} entries; TRUST_PROXY=${trustProxy} takes the client from entry ${entries - trustProxy + 1}`,
        );
      }
    }
    next();
  };
}
