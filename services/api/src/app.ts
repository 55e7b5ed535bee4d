// createApp(deps) builds the API's Express app and never listens: serve.ts listens, tests drive the same app
// through supertest against a real database. No side effects at import time.
import express, { type Express } from 'express';
import cors from 'cors';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import type { Config } from './config/env.ts';
import type { Database } from '@monitrax/database/create-db';
import { authHandlers } from './auth/routes.ts';
import { DEFAULT_AUTH_RATE_LIMITS, type AuthRateLimits, type RateLimitStore } from './auth/rate-limits.ts';
import { requireAuth } from './auth/require-auth.ts';
import { createDeviceTokens } from './auth/device-tokens.ts';
import { createTokenService } from './auth/tokens.ts';
import { databaseCheck, type HealthCheck } from './health/checks.ts';
import { healthHandlers } from './health/routes.ts';
import { internalSecretTest } from './http/internal-secret.ts';
import { clientAddress } from './http/middleware/client-address.ts';
import { forwardedChainReport } from './http/middleware/forwarded-chain.ts';
import { errorHandler, notFoundHandler } from './http/middleware/error-handler.ts';
import { requestContext } from './http/middleware/request-context.ts';
import { securityHeaders } from './http/middleware/security-headers.ts';
import { createLifecycle, type Lifecycle } from './lifecycle/lifecycle.ts';
import { INTERNAL_SECRET_HEADER, REQUEST_ID_HEADER } from '@monitrax/contract/headers';
import { ROUTE_NAMES, ROUTES } from '@monitrax/contract/routes';
import { type Handlers, mountRoutes } from './http/route-table.ts';
import { portfolioHandlers } from './portfolio/routes.ts';
import { documentHandlers } from './documents/routes.ts';
import { storesWith } from '@monitrax/document-store/stores';
import type { DocumentStores } from '@monitrax/document-store/store';
import { DEFAULT_DOCUMENT_MAX_BYTES, DEFAULT_DOCUMENT_QUOTA_BYTES } from '@monitrax/contract/documents';
import { resourceHandlers } from './resources/handlers.ts';

export type AppConfig = Pick<Config, 'jwtSecret' | 'webOrigin' | 'bodyLimit' | 'trustProxy' | 'releaseId'> &
  Partial<Pick<Config, 'internalApiSecret' | 'maxRowsPerResource' | 'documentMaxBytes' | 'documentQuotaBytes'>>;

export interface AppDeps {
  config: AppConfig;
  db: Database;
  logger: Logger;
  /** Shared with the graceful shutdown so readiness turns 503 the moment it starts. */
  lifecycle?: Lifecycle;
  /** Extra readiness checks (the database round trip is always included). */
  healthChecks?: readonly HealthCheck[];
  rateLimits?: Partial<AuthRateLimits>;
  /** Where the sign-in limits count: 'database' (the default: one budget for every instance) or 'memory' (this process only; the bench's baseline). */
  rateLimitStore?: RateLimitStore;
  version?: string;
  /** Where documents' bytes go and can be read from (serve.ts builds them from DOCUMENT_STORAGE and S3_*); this
   * database when not given. */
  documentStores?: DocumentStores;
  /** How long one readiness answer serves every probe (the contract's HEALTH_ANSWER_CACHE_MS unless set; tests that
   * change the database between probes set 0). */
  healthCacheMs?: number;
}

export function createApp(deps: AppDeps): Express {
  const { config, db, logger } = deps;
  const lifecycle = deps.lifecycle ?? createLifecycle();
  const tokens = createTokenService(config.jwtSecret);
  const app = express();

  app.disable('x-powered-by');
  // Every body carries meta.timestamp and durationMs (health: time), so no two ETags ever match: hashing
  // each response for one would be pure cost.
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy);
  // The default "extended" parser builds nested objects from a[b][c]=...; we only take flat params.
  app.set('query parser', 'simple');

  app.use(requestContext);
  app.use(securityHeaders());
  app.use((_req, res, next) => {
    if (lifecycle.shuttingDown) res.set('Connection', 'close');
    next();
  });

  const signedIn = requireAuth(tokens, db);
  const carriesInternalSecret = internalSecretTest(config.internalApiSecret, () =>
    logger.warn(
      `a request carried ${INTERNAL_SECRET_HEADER} with a value that is not this API's INTERNAL_API_SECRET: the web server's value differs (or someone is guessing), so the API cannot tell its browsers apart; set the same value on both`,
    ),
  );
  const handlers: Handlers = {
    ...healthHandlers({
      database: databaseCheck(() => db.ping()),
      checks: deps.healthChecks ?? [],
      lifecycle,
      info: { version: deps.version ?? '0.0.0', releaseId: config.releaseId },
      seesDetails: carriesInternalSecret,
      logger,
      ...(deps.healthCacheMs !== undefined ? { cacheMs: deps.healthCacheMs } : {}),
    }),
    ...authHandlers({
      db,
      tokens,
      deviceTokens: createDeviceTokens(config.jwtSecret),
      logger,
      // Links in mail open the web; with several origins (a preview beside production), the first.
      linkOrigin: config.webOrigin[0] ?? 'http://localhost:3000',
      rateLimits: { ...DEFAULT_AUTH_RATE_LIMITS, ...deps.rateLimits },
      ...(deps.rateLimitStore ? { rateLimitStore: deps.rateLimitStore } : {}),
    }),
    ...portfolioHandlers({ db }),
    ...documentHandlers({
      db,
      stores: deps.documentStores ?? storesWith(undefined, db),
      limits: { maxBytes: config.documentMaxBytes ?? DEFAULT_DOCUMENT_MAX_BYTES, quotaBytes: config.documentQuotaBytes ?? DEFAULT_DOCUMENT_QUOTA_BYTES },
      logger,
    }),
    ...resourceHandlers({ db, ...(config.maxRowsPerResource ? { maxRowsPerResource: config.maxRowsPerResource } : {}) }),
  };
  // Probes first: ahead of the request logger and CORS (probes are never logged), after the request id, the
  // security headers and the shutdown's Connection: close.
  const probes = ROUTE_NAMES.filter((name) => ROUTES[name].access === 'probe');
  mountRoutes(app, probes, handlers, signedIn);

  app.use(
    pinoHttp({
      logger,
      // The log's reqId is req.id, which requestContext has set (pino-http mints one only when it is missing).
      // One short line per request; full header dumps would bloat logs and risk leaking secrets.
      serializers: {
        req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
          remoteAddress: req.remoteAddress,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    }),
  );
  app.use(
    cors({
      origin: [...config.webOrigin],
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', REQUEST_ID_HEADER],
      exposedHeaders: [REQUEST_ID_HEADER, 'Location'],
      maxAge: 600,
    }),
  );
  app.use(express.json({ limit: config.bodyLimit, strict: true }));
  app.use(forwardedChainReport(config.trustProxy, logger));
  app.use(clientAddress(carriesInternalSecret));

  mountRoutes(
    app,
    ROUTE_NAMES.filter((name) => !probes.includes(name)),
    handlers,
    signedIn,
  );

  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
