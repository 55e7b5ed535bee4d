// Telemetry on real processes, sent to a receiver of the test's own (no trace viewer runs here): the API process with
// OTEL_EXPORTER_OTLP_ENDPOINT set serves a sign-up, a sign-in and a property save; the save's trace continues the
// traceparent it came with and holds the API's server span (its route and request id), Express, Prisma's operation
// and pg's query; the API's log line for it carries the same trace and span ids; the metrics operators ask for are
// sent (latency per route, the pool's connections); and nothing private leaves, in any body the receiver got. Then a
// job: queued by `npm run job` with telemetry on, the worker runs it in the trace that queued it.
import { randomBytes } from 'node:crypto';
import { REPO_ROOT } from '@monitrax/database/paths';
import { findFreePort } from '@monitrax/local-stack/postgres/ports';
import { type RunningApi, startApi, startWorker } from '@monitrax/local-stack/stack';
import type { NodeProcess } from '@monitrax/local-stack/supervisor';
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from '@monitrax/test-support/databases';
import { type OtlpReceiver, startOtlpReceiver } from '@monitrax/test-support/otlp-receiver';
import { queuedSignUpLink, signUpToken } from '@monitrax/test-support/outbox';
import { runNodeScript } from '@monitrax/test-support/run-to-exit';
import { LONG_TEST_TIMEOUT_MS } from '@monitrax/test-support/timeouts';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';

const WAIT = { timeout: 20_000, interval: 100 } as const;
/** `npm run job`: queues a job and waits for a worker to run it. */
const JOB_CLI = 'services/worker/src/job-cli.ts';
const JWT_SECRET = randomBytes(32).toString('base64');

/** A process's output line as the JSON log entry it is, or nothing (a line still being written, or not a log line). */
function jsonLine<T>(text: string): T[] {
  if (!text.startsWith('{')) return [];
  try {
    return [JSON.parse(text) as T];
  } catch {
    return [];
  }
}

// Real processes that start, sign up, queue and run a job, with waits of up to a minute inside.
describe('telemetry from the real processes', { timeout: LONG_TEST_TIMEOUT_MS }, () => {
  const provided = inject('testPostgres');
  const name = uniqueDatabaseName('monitrax_telemetry');
  const url = databaseUrl(provided.adminUrl, name);
  let receiver: OtlpReceiver;
  let api: RunningApi;
  let worker: NodeProcess | undefined;
  /** What every process here is told about telemetry: the receiver, in JSON, sent soon. */
  let telemetryEnv: NodeJS.ProcessEnv;

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { response, envelope: (await response.json()) as { data: Record<string, unknown> } };
  };

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    await createDatabase(provided.adminUrl, name, provided.templateDatabase);
    telemetryEnv = {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '50',
      OTEL_METRIC_EXPORT_INTERVAL: '300',
    };
    api = await startApi({
      databaseUrl: url,
      port: await findFreePort(),
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        JWT_SECRET,
        LOG_LEVEL: 'info',
        SCHEMA_CHECK_INTERVAL_MS: '0',
        WORKER_CHECK_INTERVAL_MS: '0',
        ...telemetryEnv,
      },
    });
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.process.stop();
    await receiver?.close();
    await dropDatabase(provided.adminUrl, name).catch(() => {});
  });

  it('traces a save from the request down to the SQL, joins its log line, sends the metrics, and sends nothing private', async () => {
    const person = { email: `traced-${randomBytes(4).toString('hex')}@example.com`, password: 'correct horse battery staple', name: 'Traced' };
    expect((await call('POST', '/api/auth/register', person)).response.status).toBe(202);
    const link = await queuedSignUpLink(url, person.email);
    const confirmed = await call('POST', '/api/auth/confirm', { token: signUpToken(link), password: person.password });
    expect(confirmed.response.status).toBe(201);
    const signedIn = await call('POST', '/api/auth/login', { email: person.email, password: person.password });
    expect(signedIn.response.status).toBe(200);
    const token = String(signedIn.envelope.data.token);

    // As the web sends it: the trace of the browser's request, continued here.
    const traceId = randomBytes(16).toString('hex');
    const parentId = randomBytes(8).toString('hex');
    const property = { name: 'Traced unit', address: '1 Span St', type: 'HOME', purchasePrice: 500000, purchaseDate: '2020-01-01', currentValue: 650000 };
    const saved = await call('POST', '/api/properties', property, { authorization: `Bearer ${token}`, traceparent: `00-${traceId}-${parentId}-01` });
    expect(saved.response.status).toBe(201);
    const requestId = saved.response.headers.get('x-request-id');

    const inTrace = () => receiver.spans().filter((span) => span.traceId === traceId);
    const sqlOf = (span: { attributes: Record<string, unknown> }) => String(span.attributes['db.query.text'] ?? span.attributes['db.statement']);
    const insert = /^INSERT INTO "public"\."Property"/;
    const serverSpanOf = (spans: ReturnType<typeof inTrace>) => spans.find((span) => span.kind === 2 && span.service === 'monitrax-api');
    // The server span ends last, after the response, so it can leave in a later batch than the query's: wait for both.
    await vi.waitFor(() => {
      const spans = inTrace();
      expect(spans.some((span) => span.name.startsWith('pg.query') && insert.test(sqlOf(span)))).toBe(true);
      expect(serverSpanOf(spans)).toBeDefined();
    }, WAIT);
    const spans = inTrace();
    const server = serverSpanOf(spans);
    expect(server).toMatchObject({ parentSpanId: parentId, attributes: { 'http.route': '/api/properties', 'monitrax.request_id': requestId } });
    expect(server!.name).toBe('POST /api/properties');
    expect(spans.some((span) => span.name.startsWith('request handler') || span.attributes['express.type'] !== undefined)).toBe(true);
    const operations = spans.filter((span) => span.name === 'prisma:client:operation');
    expect(operations.map((span) => span.attributes)).toContainEqual(expect.objectContaining({ method: 'create', model: 'Property' }));
    // The SQL as text with its placeholders ($1, ...); the values stay out (checked below).
    const query = spans.find((span) => span.name.startsWith('pg.query') && insert.test(sqlOf(span)))!;
    expect(sqlOf(query)).toMatch(/VALUES \(\$1/);

    // The API's line for the request carries the trace and the span it was written in.
    // (Read until it arrives: the line crosses a pipe, and nothing orders it against the spans' export.)
    await vi.waitFor(() => {
      const line = api.process
        .output()
        .split('\n')
        .flatMap((text) => jsonLine<{ req?: { id?: string }; trace_id?: string; span_id?: string; msg?: string }>(text))
        .find((entry) => entry.req?.id === requestId);
      expect(line, api.process.output().slice(-2000)).toMatchObject({ trace_id: traceId, span_id: expect.stringMatching(/^[0-9a-f]{16}$/) });
    }, WAIT);

    await vi.waitFor(() => {
      const metrics = receiver.metrics();
      expect(
        metrics.some((metric) => metric.name === 'http.server.request.duration' && metric.points.some((point) => point['http.route'] === '/api/properties')),
      ).toBe(true);
      expect(metrics.some((metric) => metric.name === 'db.client.connection.count' && metric.service === 'monitrax-api')).toBe(true);
    }, WAIT);

    // Nothing private in anything sent: not the address, the password, the sign-up link's token, the session's token,
    // the signing key; and no SQL parameter (the property's address is one).
    const sent = receiver.bodies.join('\n');
    for (const secret of [person.email, person.password, signUpToken(link), token, JWT_SECRET, property.address]) expect(sent).not.toContain(secret);
  });

  it('runs a job in the trace that queued it, and sends a sign-up’s mail in a span linked to the request', async () => {
    // A sign-up queues its mail in the outbox, in the request's trace; no worker runs yet.
    const signUpTrace = randomBytes(16).toString('hex');
    const person = { email: `mailed-${randomBytes(4).toString('hex')}@example.com`, password: 'correct horse battery staple', name: 'Mailed' };
    const requested = await call('POST', '/api/auth/register', person, { traceparent: `00-${signUpTrace}-${randomBytes(8).toString('hex')}-01` });
    expect(requested.response.status).toBe(202);

    worker = startWorker({ env: { PATH: process.env.PATH, LOG_LEVEL: 'info', SNAPSHOT_TIME_ZONE: 'Australia/Sydney', ...telemetryEnv } }, url);
    await worker.waitForOutput(/monitrax-worker ready/, 60_000);
    // The catch-up job the worker queues at start has been taken (a queue holds one waiting job: the command's would
    // otherwise be that one).
    await worker.waitForOutput(/job portfolio-snapshot done/, 60_000);
    const queued = await runNodeScript(JOB_CLI, ['portfolio-snapshot'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, DATABASE_URL: url, JOB_WAIT_MS: '60000', ...telemetryEnv },
    });
    expect(queued.code, queued.stdout + queued.stderr).toBe(0);
    const jobId = /job: queued portfolio-snapshot \(([0-9a-f-]{36})\)/.exec(queued.stdout)?.[1];
    expect(jobId, queued.stdout).toBeDefined();
    const seen = () => [...new Set(receiver.spans().map((span) => `${span.service}: ${span.name}`))].join('\n');
    await vi.waitFor(() => {
      const spans = receiver.spans();
      const sent = spans.find((span) => span.service === 'monitrax-job-cli' && span.name === 'send portfolio-snapshot');
      expect(sent, seen()).toBeDefined();
      const processed = spans.find(
        (span) => span.service === 'monitrax-worker' && span.name === 'process portfolio-snapshot' && span.traceId === sent!.traceId,
      );
      expect(processed, seen()).toBeDefined();
      // The job's own queries, in the same trace.
      expect(spans.some((span) => span.service === 'monitrax-worker' && span.traceId === sent!.traceId && span.name === 'prisma:client:operation')).toBe(true);
      // The mail, sent by the worker in a trace of its own, links to the sign-up request's.
      const mail = spans.find(
        (span) => span.service === 'monitrax-worker' && span.name === 'send mail' && span.links.some((link) => link.traceId === signUpTrace),
      );
      expect(mail?.attributes, seen()).toMatchObject({ 'monitrax.mail.kind': 'CONFIRM_SIGN_UP', 'monitrax.mail.attempt': 1 });
      // The worker's log line for the job is in the job's trace.
      const started = worker!
        .output()
        .split('\n')
        .flatMap((text) => jsonLine<{ id?: string; msg?: string; trace_id?: string }>(text))
        .find((entry) => entry.id === jobId && entry.msg === 'job portfolio-snapshot started');
      expect(started?.trace_id).toBe(sent!.traceId);
      // What operators ask of the queue: how long jobs take and how they end, and how many wait in each state.
      const metrics = receiver.metrics().filter((metric) => metric.service === 'monitrax-worker');
      expect(metrics.some((metric) => metric.name === 'messaging.process.duration' && metric.points.length > 0)).toBe(true);
      expect(metrics.some((metric) => metric.name === 'pgboss.queue.jobs' && metric.points.some((point) => point['pgboss.job.state'] === 'ready'))).toBe(true);
    }, WAIT);
    expect(receiver.bodies.join('\n')).not.toContain(person.email);
  });
});
