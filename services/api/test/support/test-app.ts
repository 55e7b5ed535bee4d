// Builds the real app (createApp) on a real PostgreSQL database for one test file, plus helpers to
// register users (through the mailed link) and call the API as them.
import { Writable } from 'node:stream';
import request from 'supertest';
import { createApp, type AppDeps } from '../../src/app.ts';
import type { Express } from 'express';
import type { Database } from '@monitrax/database/create-db';
import { createLogger } from '../../src/logging/logger.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';
import { INTERNAL_SECRET_HEADER } from '@monitrax/contract/headers';
import { signUpToken } from '@monitrax/test-support/outbox';
import { storesWith } from '@monitrax/document-store/stores';
import type { DocumentStore } from '@monitrax/document-store/store';

export const TEST_JWT_SECRET = 'integration-test-signing-key-0123456789';

/** The API's INTERNAL_API_SECRET in tests; `asOperator` sends it, as the web's status page and an operator do. */
export const TEST_INTERNAL_SECRET = 'integration-test-internal-key-0123456789';
export const asOperator = { [INTERNAL_SECRET_HEADER]: TEST_INTERNAL_SECRET } as const;

export const testConfig: AppDeps['config'] = {
  jwtSecret: TEST_JWT_SECRET,
  internalApiSecret: TEST_INTERNAL_SECRET,
  webOrigin: ['http://localhost:3000'],
  bodyLimit: '100kb',
  trustProxy: 0,
  releaseId: 'test-release',
};

/** Logs go to memory so tests can assert what was (and was not) logged. */
export function memoryLogger(level = 'info') {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level, destination: sink }), lines };
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  token: string;
  auth: { Authorization: string };
}

export interface TestApp {
  app: Express;
  db: Database;
  database: TestDatabase;
  logLines: string[];
  register(overrides?: Partial<{ email: string; password: string; name: string }>): Promise<TestUser>;
  /** A new session of a registered user (the old one may have ended). */
  signIn(user: TestUser): Promise<TestUser>;
  close(): Promise<void>;
}

let userCounter = 0;

export async function startTestApp(overrides: Partial<AppDeps> = {}, options: { documentStore?: (db: Database) => DocumentStore } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const { logger, lines } = memoryLogger();
  const app = createApp({
    ...(options.documentStore ? { documentStores: storesWith(options.documentStore(database.db), database.db) } : {}),
    config: testConfig,
    db: database.db,
    logger,
    // Generous limits: tests register many users from one IP. The rate-limit test sets its own.
    rateLimits: { loginPerIp: 10_000, loginFailuresPerEmail: 10_000, registerPerIp: 10_000, passwordChangeFailuresPerUser: 10_000 },
    version: 'test',
    // Each probe sees the database as it is now (tests change it between probes); the cache has its own test.
    healthCacheMs: 0,
    ...overrides,
  });

  /** Signs up as a person does: the request, then the link from the mail the worker would send (read from the outbox). */
  async function register(input: Partial<{ email: string; password: string; name: string }> = {}): Promise<TestUser> {
    userCounter += 1;
    const email = input.email ?? `user${userCounter}-${Date.now()}@example.com`;
    const password = input.password ?? 'correct horse battery';
    const requested = await request(app)
      .post('/api/auth/register')
      .send({ email, password, name: input.name ?? `User ${userCounter}` });
    if (requested.status !== 202) throw new Error(`register failed: ${requested.status} ${JSON.stringify(requested.body)}`);
    const mail = await database.db.prisma.outgoingEmail.findFirst({
      where: { to: email.trim().toLowerCase(), kind: 'CONFIRM_SIGN_UP' },
      orderBy: { createdAt: 'desc' },
    });
    if (!mail?.link) throw new Error(`register: no sign-up link was queued for ${email} (does the address have an account?)`);
    const response = await request(app)
      .post('/api/auth/confirm')
      .send({ token: signUpToken(mail.link), password });
    if (response.status !== 201) throw new Error(`confirm failed: ${response.status} ${JSON.stringify(response.body)}`);
    const token = response.body.data.token as string;
    return { id: response.body.data.user.id, email, password, token, auth: { Authorization: `Bearer ${token}` } };
  }

  async function signIn(user: TestUser): Promise<TestUser> {
    const response = await request(app).post('/api/auth/login').send({ email: user.email, password: user.password });
    if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${JSON.stringify(response.body)}`);
    const token = response.body.data.token as string;
    return { ...user, token, auth: { Authorization: `Bearer ${token}` } };
  }

  return { app, db: database.db, database, logLines: lines, register, signIn, close: () => database.drop() };
}

/** Asserts the contract's envelope shape (docs/architecture.md) and returns the body. */
export function expectEnvelope(body: unknown): {
  success: boolean;
  data: unknown;
  error: { code: string; message: string; details: unknown } | null;
  meta: Record<string, unknown>;
} {
  const envelope = body as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof envelope?.success !== 'boolean') problems.push('success is not a boolean');
  if (!('data' in (envelope ?? {}))) problems.push('data missing');
  if (!('error' in (envelope ?? {}))) problems.push('error missing');
  const meta = envelope?.meta as Record<string, unknown> | undefined;
  if (typeof meta?.timestamp !== 'string' || typeof meta?.durationMs !== 'number' || typeof meta?.requestId !== 'string') problems.push('meta incomplete');
  if (envelope?.success === false) {
    const error = envelope.error as Record<string, unknown> | null;
    if (typeof error?.code !== 'string' || typeof error?.message !== 'string' || !('details' in (error ?? {}))) problems.push('error incomplete');
  }
  if (problems.length > 0) throw new Error(`not an envelope (${problems.join(', ')}): ${JSON.stringify(body)}`);
  return envelope as never;
}
