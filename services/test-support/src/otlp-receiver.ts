// A small OTLP/HTTP receiver, for tests where no trace viewer can run: it takes what an OpenTelemetry exporter sends
// (POST /v1/traces and /v1/metrics, http/json), keeps every body as received (to search for what must never leave),
// and flattens spans and metric points to read. On a free loopback port. With a folder, each body is also written
// there as a file, for test files in other processes than the one that started it (receivedIn reads them).
import { once } from 'node:events';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { writeWholeFile } from './whole-file.ts';

type AnyValue = { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean };
type KeyValue = { key: string; value: AnyValue };

export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  kind: number;
  attributes: Record<string, string | number | boolean | undefined>;
  links: Array<{ traceId: string; spanId: string }>;
}

export interface ReceivedMetric {
  service: string;
  name: string;
  /** Each data point's attributes. */
  points: Array<Record<string, string | number | boolean | undefined>>;
}

export interface OtlpReceiver {
  /** For OTEL_EXPORTER_OTLP_ENDPOINT. */
  url: string;
  /** Every body received, as text. */
  bodies: string[];
  spans(): ReceivedSpan[];
  metrics(): ReceivedMetric[];
  close(): Promise<void>;
}

const plainValue = (value: AnyValue) => value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : (value.doubleValue ?? value.boolValue));
const attributesOf = (list: KeyValue[] | undefined) => Object.fromEntries((list ?? []).map(({ key, value }) => [key, plainValue(value)]));
const serviceOf = (resource: { attributes?: KeyValue[] } | undefined) => String(attributesOf(resource?.attributes)['service.name'] ?? '');

/** What a receiver started with `folder` has received so far, read from another process. */
export function receivedIn(folder: string): Pick<OtlpReceiver, 'bodies' | 'spans' | 'metrics'> {
  const files = readdirSync(folder).sort();
  const read = (signal: string) => files.filter((file) => file.endsWith(`-${signal}.json`)).map((file) => readFileSync(path.join(folder, file), 'utf8'));
  const traces = read('traces').map((text) => JSON.parse(text) as unknown);
  const metricBatches = read('metrics').map((text) => JSON.parse(text) as unknown);
  return { bodies: [...read('traces'), ...read('metrics')], spans: () => spansOf(traces), metrics: () => metricsOf(metricBatches) };
}

export async function startOtlpReceiver(options: { folder?: string } = {}): Promise<OtlpReceiver> {
  const bodies: string[] = [];
  const traces: unknown[] = [];
  const metricBatches: unknown[] = [];
  if (options.folder) mkdirSync(options.folder, { recursive: true });
  let written = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const signal = /^\/v1\/(traces|metrics|logs)$/.exec(request.url ?? '')?.[1];
      if (request.method !== 'POST' || !signal) {
        response.writeHead(404).end();
        return;
      }
      if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
        response.writeHead(415).end(); // http/protobuf: set OTEL_EXPORTER_OTLP_PROTOCOL=http/json
        return;
      }
      let body = Buffer.concat(chunks);
      if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const text = body.toString('utf8');
      bodies.push(text);
      if (options.folder) {
        written += 1;
        writeWholeFile(path.join(options.folder, `${String(written).padStart(6, '0')}-${signal}.json`), text);
      }
      if (signal === 'traces') traces.push(JSON.parse(text));
      if (signal === 'metrics') metricBatches.push(JSON.parse(text));
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    spans: () => spansOf(traces),
    metrics: () => metricsOf(metricBatches),
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

function spansOf(traces: unknown[]): ReceivedSpan[] {
  return (traces as Array<{ resourceSpans?: Array<{ resource?: { attributes?: KeyValue[] }; scopeSpans?: Array<{ spans?: unknown[] }> }> }>).flatMap((batch) =>
    (batch.resourceSpans ?? []).flatMap((resourceSpans) =>
      (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
        (
          (scope.spans ?? []) as Array<{
            traceId: string;
            spanId: string;
            parentSpanId?: string;
            name: string;
            kind: number;
            attributes?: KeyValue[];
            links?: Array<{ traceId: string; spanId: string }>;
          }>
        ).map((span) => ({
          service: serviceOf(resourceSpans.resource),
          traceId: span.traceId,
          spanId: span.spanId,
          parentSpanId: span.parentSpanId || undefined,
          name: span.name,
          kind: span.kind,
          attributes: attributesOf(span.attributes),
          links: (span.links ?? []).map(({ traceId, spanId }) => ({ traceId, spanId })),
        })),
      ),
    ),
  );
}

function metricsOf(metricBatches: unknown[]): ReceivedMetric[] {
  type Points = { dataPoints?: Array<{ attributes?: KeyValue[] }> };
  return (
    metricBatches as Array<{
      resourceMetrics?: Array<{
        resource?: { attributes?: KeyValue[] };
        scopeMetrics?: Array<{ metrics?: Array<{ name: string; sum?: Points; gauge?: Points; histogram?: Points }> }>;
      }>;
    }>
  ).flatMap((batch) =>
    (batch.resourceMetrics ?? []).flatMap((resourceMetrics) =>
      (resourceMetrics.scopeMetrics ?? []).flatMap((scope) =>
        (scope.metrics ?? []).map((metric) => ({
          service: serviceOf(resourceMetrics.resource),
          name: metric.name,
          points: (metric.sum ?? metric.gauge ?? metric.histogram)?.dataPoints?.map((point) => attributesOf(point.attributes)) ?? [],
        })),
      ),
    ),
  );
}
