// Health probes are answered here, before Express sees the request. Render and compose probe every few seconds
// for the life of the process; going through Express (its request and response prototypes, the router's layer
// walk) cost about 105-110 µs of CPU per probe where this path costs about 85 µs, as much as make bench's bare
// node:http floor. Probes need none of it: they are never logged, never called from a browser and carry no
// body. What every response carries, they still carry: X-Request-Id, the security headers and, while shutting
// down, Connection: close.
//
// Only GET and HEAD of the exact paths in HEALTH_PATHS take this path; everything else, spelling variants of
// the same paths included (a trailing slash, other letter case), goes to Express, which mounts the same handlers.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Lifecycle } from '../lifecycle/lifecycle.ts';
import { requestIdFor } from '../http/middleware/request-context.ts';
import type { StaticHeaders } from '../http/middleware/security-headers.ts';
import { HEALTH_PATHS } from '@monitrax/contract/paths';
import type { HealthHandlers, ProbeHandler } from './routes.ts';

/** A node:http request listener; `next` is there when it is mounted inside another Express app. */
export type RequestListener = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;

export function probesFirst(deps: {
  health: HealthHandlers;
  securityHeaders: StaticHeaders;
  lifecycle: Lifecycle;
  logger: Logger;
  rest: RequestListener;
}): RequestListener {
  const probes = new Map<string, ProbeHandler>([
    [HEALTH_PATHS.readiness, deps.health.readiness],
    [HEALTH_PATHS.liveness, deps.health.liveness],
  ]);

  return (req, res, next) => {
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const probe = req.method === 'GET' || req.method === 'HEAD' ? probes.get(query === -1 ? url : url.slice(0, query)) : undefined;
    if (!probe) {
      deps.rest(req, res, next);
      return;
    }
    const id = requestIdFor(req.headers);
    const headers: OutgoingHttpHeaders = { ...deps.securityHeaders, 'X-Request-Id': id };
    if (deps.lifecycle.shuttingDown) headers.Connection = 'close';
    Promise.resolve()
      .then(() => probe(req, res, headers))
      .catch((error: unknown) => {
        // The handlers catch their checks' failures; this is for a fault in the handler itself.
        deps.logger.error({ err: error, reqId: id, url }, 'health probe failed');
        if (res.headersSent) {
          res.destroy();
          return;
        }
        const text = JSON.stringify({ status: 'fail', output: 'internal error' });
        res.writeHead(500, { ...headers, 'Content-Type': 'application/health+json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) }).end(text);
      });
  };
}
