// `npm run bench:documents` (also the end of `make bench`): a 10 MiB document uploaded and downloaded the way a person's
// browser does it, through the web's standalone server to the API and each of its two stores, and back: one embedded
// PostgreSQL 17 with the schema synced, s3rver (./s3-server-process.ts), one API process per driver on the same
// database (DOCUMENT_STORAGE=postgres, DOCUMENT_STORAGE=s3), the web's production build in front of each. For each
// driver: sign up (the API, then the mailed link read from the outbox: no worker runs), sign in through the web's own
// form, then rounds of: a new file of random bytes behind a PDF signature, uploaded to the web's /documents/upload with
// the headers the Documents screen's XMLHttpRequest sends, downloaded from /documents/<id>/download as a click on its
// name does, its SHA-256 checked against the file's and the API's, then deleted. The drivers alternate within each
// round (which goes first alternates too), so a shared machine's drift hits both.
//
// Printed: upload and download throughput in MiB/s (1 MiB = 1,048,576 bytes), the median and the worst of the measured
// rounds, each transfer timed from the request's first byte to the answer's last; and the resident memory of the API
// and of the web server around each transfer: their RSS when it starts and the most they held during it (Linux: the
// kernel's own high-water mark, VmHWM in /proc/<pid>/status, reset to the current RSS before each transfer by writing
// 5 to /proc/<pid>/clear_refs; where that cannot be written, VmRSS sampled every 10 ms; elsewhere no memory figures).
// A figure with its machine, not a test: nothing here fails on a time or a size. It fails when a transfer does (not
// 201 or 200, a checksum that differs, bytes left in a store after the deletes). The summary and the APIs' logs go to
// test-results/documents-bench/. Every step is bounded in time; all traffic is on 127.0.0.1.
//   BENCH_DOCUMENT_MIB       the file's size in MiB (default 10; at most the API's DOCUMENT_MAX_BYTES, 25)
//   BENCH_DOCUMENT_ROUNDS    measured rounds per driver (default 5)
//   BENCH_DOCUMENT_WARMUP    rounds before those, not counted (default 1)
//   BENCH_REUSE_WEB_BUILD=1  serve the web build that is there as it is, even when its sources are newer (no next build)
//   MONITRAX_WEB_REBUILD=1   build the web even when the build is current (as the browser tests and Lighthouse)
//   BENCH_DOCUMENT_PROBE=1   load ./memory-probe.ts into both APIs and print, per transfer, what the API still held
//                            right after each garbage collection during it (heap used, Buffers): RSS says what the
//                            process took from the system, this what was alive. Off by default: not how an API runs.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliDecompressSync, gunzipSync, inflateSync, zstdDecompressSync } from 'node:zlib';
import pg from 'pg';
import { AUTH_PATHS } from '@monitrax/contract/auth';
import { DOCUMENT_NAME_PARAM, DOCUMENT_UPLOAD_HEADER, documentPath } from '@monitrax/contract/documents';
import { REPO_ROOT } from '@monitrax/database/paths';
import { postgresTempDir } from '@monitrax/local-stack/postgres/embedded-cluster';
import { findFreePorts } from '@monitrax/local-stack/postgres/ports';
import { type RunningApi, startApi, startSyncedPostgres } from '@monitrax/local-stack/stack';
import { type NodeProcess, startNodeProcess } from '@monitrax/local-stack/supervisor';
import { waitForHealthy } from '@monitrax/local-stack/wait-for-health';
import { buildWeb, STANDALONE_SERVER, startWebServer, webBuildReason } from '@monitrax/local-stack/web';
import { queuedSignUpLink, signUpToken } from '@monitrax/test-support/outbox';
import { formClient, signedIn } from '@monitrax/test-support/sign-in-form';
import { DOCUMENTS_PAGE, SESSION_COOKIE_NAMES } from '@monitrax/web/lib/session-rules';

const say = (line: string) => process.stdout.write(`[bench:documents] ${line}\n`);

/** A whole number from the environment within [min, max], or a clear message and exit 1. */
function setting(name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    process.stderr.write(`[bench:documents] ${name}=${raw}: expected a whole number from ${min} to ${max}\n`);
    process.exit(1);
  }
  return value;
}
const MIB = 1024 * 1024;
const FILE_MIB = setting('BENCH_DOCUMENT_MIB', 10, 1, 25);
const FILE_BYTES = FILE_MIB * MIB;
const ROUNDS = setting('BENCH_DOCUMENT_ROUNDS', 5, 1);
const WARMUP = setting('BENCH_DOCUMENT_WARMUP', 1, 0);
const REUSE_WEB_BUILD = process.env.BENCH_REUSE_WEB_BUILD === '1';
const PROBE = process.env.BENCH_DOCUMENT_PROBE === '1';
const PROBE_SCRIPT = path.join(import.meta.dirname, 'memory-probe.ts');
/** The summary and the APIs' logs (kept: a failed transfer's reason is in them). */
const OUT_DIR = path.join(REPO_ROOT, 'test-results/documents-bench');

const READY_TIMEOUT_MS = 120_000;
const BUILD_TIMEOUT_MS = 300_000;
/** One transfer, upload or download: far beyond what 25 MiB over loopback takes even on a busy machine. */
const TRANSFER_TIMEOUT_MS = 120_000;
const REQUEST_TIMEOUT_MS = 30_000;

/** The web's routes the Documents screen uses (services/web/src/components/DocumentUploader.tsx's UPLOAD_PATH, and
 * the link each document's name is). */
const UPLOAD_PATH = `${DOCUMENTS_PAGE}/upload`;
const downloadPath = (id: string) => `${DOCUMENTS_PAGE}/${id}/download`;

const DRIVERS = ['postgres', 's3'] as const;
type Driver = (typeof DRIVERS)[number];

/** What a Chromium on Linux sends with every request (the figures do not depend on it; the route sees what it would). */
const BROWSER_HEADERS = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
  'accept-language': 'en-AU,en;q=0.9',
  'accept-encoding': 'gzip, deflate, br, zstd',
};

// ---------------------------------------------------------------------------------------------------------------
// Memory: a process's resident set around one transfer.

interface Status {
  rssKiB: number;
  hwmKiB: number;
}

async function statusOf(pid: number): Promise<Status> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => {
    const value = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    if (!Number.isFinite(value)) throw new Error(`/proc/${pid}/status has no ${field}`);
    return value;
  };
  return { rssKiB: kib('VmRSS'), hwmKiB: kib('VmHWM') };
}

/** User + system CPU time a process has spent, in ms (clock ticks of 10 ms, Linux's USER_HZ of 100). */
async function cpuMsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // after "pid (command) ", which may hold spaces
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** CPU time of a process and of its children now (PostgreSQL: the postmaster and its backends, which stay for the
 * API's pooled connections). */
async function treeCpuMs(pid: number): Promise<number> {
  const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '')).split(' ').filter(Boolean).map(Number);
  const each = await Promise.all([pid, ...children].map((member) => cpuMsOf(member).catch(() => 0)));
  return each.reduce((sum, ms) => sum + ms, 0);
}

/** The stores' CPU time so far: PostgreSQL's (both APIs' rows, the postgres driver's pieces) and s3rver's. */
type StoreCpu = { postgres: number; s3rver: number };

/** How peaks are read: the kernel's high-water mark reset before each transfer, VmRSS sampled, or not at all. */
type PeakMethod = 'hwm' | 'sampled' | 'none';
const SAMPLE_MS = 10;

async function peakMethodFor(pid: number): Promise<PeakMethod> {
  try {
    await statusOf(pid);
  } catch {
    return 'none'; // no /proc: not Linux
  }
  try {
    // 5: "reset the peak resident set size (VmHWM) to the current one" (proc(5)); nothing else changes.
    await writeFile(`/proc/${pid}/clear_refs`, '5');
    return 'hwm';
  } catch {
    return 'sampled';
  }
}

interface Held {
  /** RSS when the transfer started. */
  beforeKiB: number;
  /** The most it held during the transfer. */
  peakKiB: number;
  /** RSS when the transfer had ended. */
  afterKiB: number;
  /** CPU time the process spent during it. */
  cpuMs: number;
}

/** Starts watching `pids`; the function it returns stops and says what each held and spent (null without /proc). */
async function watchMemory(pids: readonly number[], method: PeakMethod): Promise<() => Promise<Array<Held | null>>> {
  if (method === 'none') return async () => pids.map(() => null);
  if (method === 'hwm') await Promise.all(pids.map((pid) => writeFile(`/proc/${pid}/clear_refs`, '5')));
  const before = await Promise.all(pids.map(statusOf));
  const cpuBefore = await Promise.all(pids.map(cpuMsOf));
  const peaks = before.map((status) => status.rssKiB);
  let reading = false;
  const timer =
    method === 'sampled'
      ? setInterval(() => {
          if (reading) return;
          reading = true;
          void Promise.all(pids.map(statusOf))
            .then((now) => {
              for (const [at, status] of now.entries()) peaks[at] = Math.max(peaks[at]!, status.rssKiB);
            })
            .catch(() => {})
            .finally(() => (reading = false));
        }, SAMPLE_MS)
      : undefined;
  return async () => {
    clearInterval(timer);
    const after = await Promise.all(pids.map(statusOf));
    const cpuAfter = await Promise.all(pids.map(cpuMsOf));
    return pids.map((_, at) => ({
      beforeKiB: before[at]!.rssKiB,
      // After a reset the kernel's mark starts at the RSS of that moment and only rises.
      peakKiB: method === 'hwm' ? after[at]!.hwmKiB : Math.max(peaks[at]!, after[at]!.rssKiB),
      afterKiB: after[at]!.rssKiB,
      cpuMs: cpuAfter[at]! - cpuBefore[at]!,
    }));
  };
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP, as a browser and as the API's own client.

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** From the request's first byte to the answer's last. */
  ms: number;
}

/** One request over a fresh look at the clock; the body is collected whole (hashed by the caller, untimed). */
function exchange(url: string, options: { method: string; headers: Record<string, string>; body?: Buffer; timeoutMs: number }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = httpRequest(url, { method: options.method, headers: options.headers, timeout: options.timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - started }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${options.method} ${url}: not done within ${options.timeoutMs / 1000} s`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The body as the browser hands it to the page: decoded from the Content-Encoding the web chose (untimed). */
function decoded(answer: Answer): Buffer {
  const encoding = answer.headers['content-encoding'];
  if (!encoding || encoding === 'identity') return answer.body;
  const decode = { gzip: gunzipSync, deflate: inflateSync, br: brotliDecompressSync, zstd: zstdDecompressSync }[encoding];
  if (!decode) throw new Error(`an answer in an encoding this bench does not read: ${encoding}`);
  return decode(answer.body);
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A file file-type takes for a PDF (the API sniffs the type from the first bytes): the signature, then random bytes. */
function pdfOf(bytes: number): Buffer {
  const file = randomBytes(bytes);
  file.write('%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n', 0, 'latin1');
  file.write('\n%%EOF\n', bytes - 7, 'latin1');
  return file;
}

interface Session {
  /** The Cookie header a browser sends to the web after signing in (the session and the device cookie). */
  cookie: string;
  /** The API's token the session cookie holds (for the deletes, sent to the API directly). */
  token: string;
}

/** Signs in through the web's own sign-in form, as a browser without JavaScript does (test-support's form client). */
async function signInThroughWeb(webUrl: string, credentials: { email: string; password: string }): Promise<Session> {
  const form = formClient(() => webUrl, REQUEST_TIMEOUT_MS);
  const answer = await form.postSignIn('127.0.0.1', await form.signInFormFields('127.0.0.1'), credentials);
  if (!signedIn(answer)) throw new Error(`signing in at ${webUrl}: ${answer.status}, no session cookie:\n${answer.body.slice(0, 500)}`);
  const pairs = answer.setCookie.map((cookie) => cookie.split(';', 1)[0]!).filter((pair) => !pair.endsWith('='));
  const token = pairs.find((pair) => pair.startsWith(`${SESSION_COOKIE_NAMES.production}=`))?.slice(SESSION_COOKIE_NAMES.production.length + 1);
  if (!token) throw new Error(`signing in at ${webUrl}: no ${SESSION_COOKIE_NAMES.production} cookie`);
  return { cookie: pairs.join('; '), token };
}

async function apiJson<T>(url: string, init: { method: string; body?: unknown; token?: string }): Promise<T> {
  const response = await fetch(url, {
    method: init.method,
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method} ${url} -> ${response.status}: ${text.slice(0, 500)}`);
  return (JSON.parse(text) as { data: T }).data;
}

// ---------------------------------------------------------------------------------------------------------------
// One driver's stack, and one round on it.

interface Target {
  driver: Driver;
  api: RunningApi;
  web: NodeProcess;
  webUrl: string;
  session?: Session;
}

interface Transfer {
  ms: number;
  /** The wall clock around it (epoch ms), to find the memory probe's lines written during it. */
  startedAt: number;
  endedAt: number;
  /** The Content-Encoding the answer came in (a download is sent as stored: none). */
  encoding: string | null;
  mibPerSecond: number;
  api: Held | null;
  web: Held | null;
  /** CPU time the stores spent during it (null without /proc). */
  storeCpuMs: StoreCpu | null;
}

interface Round {
  upload: Transfer;
  download: Transfer;
}

const mibPerSecond = (ms: number) => FILE_BYTES / MIB / (ms / 1000);

async function round(target: Target, label: string, method: PeakMethod, storeCpu: () => Promise<StoreCpu | null>): Promise<Round> {
  const session = target.session!;
  const pids = [target.api.process.child.pid!, target.web.child.pid!];
  const file = pdfOf(FILE_BYTES);
  const expected = sha256(file);
  const origin = new URL(target.webUrl).origin;
  const name = `bench-${target.driver}-${label}.pdf`;

  const spent = async (before: StoreCpu | null) => {
    const after = await storeCpu();
    return before && after ? { postgres: after.postgres - before.postgres, s3rver: after.s3rver - before.s3rver } : null;
  };
  // The Documents screen's XMLHttpRequest: xhr.send(file) with its X-Monitrax-Upload header; the browser adds the
  // file's type, its length, the Origin and Sec-Fetch-* of a same-origin request, the page as Referer, the cookies.
  let stop = await watchMemory(pids, method);
  let storesBefore = await storeCpu();
  const upStarted = Date.now();
  const up = await exchange(`${target.webUrl}${UPLOAD_PATH}?${new URLSearchParams({ [DOCUMENT_NAME_PARAM]: name })}`, {
    method: 'POST',
    headers: {
      ...BROWSER_HEADERS,
      'content-type': 'application/pdf',
      'content-length': String(file.length),
      [DOCUMENT_UPLOAD_HEADER]: '1',
      accept: '*/*',
      origin,
      referer: `${origin}${DOCUMENTS_PAGE}`,
      'sec-fetch-site': 'same-origin',
      'sec-fetch-mode': 'cors',
      'sec-fetch-dest': 'empty',
      cookie: session.cookie,
    },
    body: file,
    timeoutMs: TRANSFER_TIMEOUT_MS,
  });
  const upEnded = Date.now();
  const upStores = await spent(storesBefore);
  const [upApi, upWeb] = await stop();
  const uploaded = (() => {
    try {
      return JSON.parse(decoded(up).toString('utf8')) as { data?: { id: string; size: number; sha256: string; contentType: string } };
    } catch {
      return {};
    }
  })().data;
  if (up.status !== 201 || !uploaded) throw new Error(`${target.driver}: the upload answered ${up.status}: ${decoded(up).toString('utf8').slice(0, 500)}`);
  if (uploaded.size !== FILE_BYTES || uploaded.sha256 !== expected || uploaded.contentType !== 'application/pdf') {
    throw new Error(
      `${target.driver}: the API stored ${uploaded.size} bytes, ${uploaded.contentType}, SHA-256 ${uploaded.sha256}; sent ${FILE_BYTES}, ${expected}`,
    );
  }

  // A click on the document's name: a navigation, same-origin, by the person.
  stop = await watchMemory(pids, method);
  storesBefore = await storeCpu();
  const downStarted = Date.now();
  const down = await exchange(`${target.webUrl}${downloadPath(uploaded.id)}`, {
    method: 'GET',
    headers: {
      ...BROWSER_HEADERS,
      accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8',
      referer: `${origin}${DOCUMENTS_PAGE}`,
      'sec-fetch-site': 'same-origin',
      'sec-fetch-mode': 'navigate',
      'sec-fetch-dest': 'document',
      'sec-fetch-user': '?1',
      'upgrade-insecure-requests': '1',
      cookie: session.cookie,
    },
    timeoutMs: TRANSFER_TIMEOUT_MS,
  });
  const downEnded = Date.now();
  const downStores = await spent(storesBefore);
  const [downApi, downWeb] = await stop();
  const body = decoded(down);
  if (down.status !== 200) throw new Error(`${target.driver}: the download answered ${down.status}: ${body.toString('utf8').slice(0, 500)}`);
  const received = sha256(body);
  if (body.length !== FILE_BYTES || received !== expected) {
    throw new Error(`${target.driver}: downloaded ${body.length} bytes with SHA-256 ${received}; uploaded ${FILE_BYTES}, ${expected}`);
  }
  if (!String(down.headers['content-disposition']).startsWith('attachment') || down.headers['content-type'] !== 'application/pdf') {
    throw new Error(`${target.driver}: the download's headers: ${down.headers['content-type']}, ${down.headers['content-disposition']}`);
  }

  await apiJson(`${target.api.url}${documentPath(uploaded.id)}`, { method: 'DELETE', token: session.token });
  return {
    upload: {
      ms: up.ms,
      startedAt: upStarted,
      endedAt: upEnded,
      encoding: up.headers['content-encoding'] ?? null,
      mibPerSecond: mibPerSecond(up.ms),
      api: upApi ?? null,
      web: upWeb ?? null,
      storeCpuMs: upStores,
    },
    download: {
      ms: down.ms,
      startedAt: downStarted,
      endedAt: downEnded,
      encoding: down.headers['content-encoding'] ?? null,
      mibPerSecond: mibPerSecond(down.ms),
      api: downApi ?? null,
      web: downWeb ?? null,
      storeCpuMs: downStores,
    },
  };
}

/** What the rounds left in each store after their deletes: must be nothing. */
async function leftBehind(databaseUrl: string, bucket: { endpoint: string; bucket: string }): Promise<{ rows: number; pieces: number; objects: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let rows: number;
  let pieces: number;
  try {
    rows = Number((await client.query('SELECT count(*) FROM "Document"')).rows[0].count);
    pieces = Number((await client.query('SELECT count(*) FROM "DocumentChunk"')).rows[0].count);
  } finally {
    await client.end();
  }
  // s3rver checks no signature: ListObjectsV2 as a plain GET.
  const listing = await fetch(`${bucket.endpoint}/${bucket.bucket}?list-type=2&prefix=documents/`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const xml = await listing.text();
  if (!listing.ok) throw new Error(`listing the bucket: ${listing.status} ${xml.slice(0, 300)}`);
  const objects = (xml.match(/<Key>/g) ?? []).length;
  return { rows, pieces, objects };
}

// ---------------------------------------------------------------------------------------------------------------
// The memory probe's lines (BENCH_DOCUMENT_PROBE=1): what the API still held after each collection in a transfer.

interface ProbeLine {
  t: number;
  /** The collections Node reported together, in order; the figures were read after the last. */
  kinds: string[];
  heapUsed: number;
  arrayBuffers: number;
}

async function probeLines(logFile: string): Promise<ProbeLine[]> {
  const prefix = '[memory-probe] ';
  return (await readFile(logFile, 'utf8'))
    .split('\n')
    .filter((line) => line.startsWith(prefix))
    .map((line) => JSON.parse(line.slice(prefix.length)) as ProbeLine);
}

interface Alive {
  /** Collections during a transfer, the median per transfer: scavenges of the young generation, and full ones. */
  minorPerTransfer: number;
  majorPerTransfer: number;
  /** Buffers' bytes (outside the heap) as a full collection began (its incremental marking): the most (MiB). */
  buffersBeforeMajorMaxMiB: number | null;
  /** Right after a full collection: the most heap used, and Buffers' bytes, median and most (MiB). */
  heapAfterMajorMaxMiB: number | null;
  buffersAfterMajorMedianMiB: number | null;
  buffersAfterMajorMaxMiB: number | null;
}

function aliveDuring(lines: readonly ProbeLine[], transfers: readonly Transfer[]): Alive {
  const during = transfers.map((transfer) => lines.filter((line) => line.t >= transfer.startedAt && line.t <= transfer.endedAt));
  const all = during.flat();
  const last = (line: ProbeLine) => line.kinds[line.kinds.length - 1];
  const majors = all.filter((line) => last(line) === 'major');
  const starts = all.filter((line) => last(line) === 'incremental');
  const count = (found: ProbeLine[], kind: string) => found.reduce((sum, line) => sum + line.kinds.filter((each) => each === kind).length, 0);
  const most = (found: ProbeLine[], key: 'heapUsed' | 'arrayBuffers') => (found.length > 0 ? Math.max(...found.map((line) => line[key])) / MIB : null);
  return {
    minorPerTransfer: median(during.map((found) => count(found, 'minor'))),
    majorPerTransfer: median(during.map((found) => count(found, 'major'))),
    buffersBeforeMajorMaxMiB: most(starts, 'arrayBuffers'),
    heapAfterMajorMaxMiB: most(majors, 'heapUsed'),
    buffersAfterMajorMedianMiB: majors.length > 0 ? median(majors.map((line) => line.arrayBuffers)) / MIB : null,
    buffersAfterMajorMaxMiB: most(majors, 'arrayBuffers'),
  };
}

const aliveText = (alive: Alive) =>
  `${one(alive.majorPerTransfer)} full and ${one(alive.minorPerTransfer)} young collections per transfer` +
  (alive.heapAfterMajorMaxMiB === null
    ? ''
    : `; Buffers ${alive.buffersBeforeMajorMaxMiB === null ? '' : `up to ${one(alive.buffersBeforeMajorMaxMiB)} MiB before one, `}` +
      `${one(alive.buffersAfterMajorMedianMiB!)} MiB (at most ${one(alive.buffersAfterMajorMaxMiB!)}) right after; heap used after one at most ${one(alive.heapAfterMajorMaxMiB)} MiB`);

// ---------------------------------------------------------------------------------------------------------------
// Figures.

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const mib = (kib: number) => kib / 1024;
const one = (value: number) => value.toFixed(1);
const signed = (value: number) => `${value >= 0 ? '+' : ''}${one(value)}`;

interface ProcessFigures {
  /** CPU time spent per transfer (median over the rounds). */
  cpuMs: number;
  /** RSS when the transfers started (median over the rounds). */
  beforeMiB: number;
  /** The most the process held during any of them. */
  peakMiB: number;
  /** Peak minus the RSS at the start of the same transfer: median and largest. */
  growthMedianMiB: number;
  growthMaxMiB: number;
}

function memoryFigures(held: Array<Held | null>): ProcessFigures | null {
  const known = held.filter((item): item is Held => item !== null);
  if (known.length === 0) return null;
  const growth = known.map((item) => mib(item.peakKiB - item.beforeKiB));
  return {
    cpuMs: median(known.map((item) => item.cpuMs)),
    beforeMiB: mib(median(known.map((item) => item.beforeKiB))),
    peakMiB: mib(Math.max(...known.map((item) => item.peakKiB))),
    growthMedianMiB: median(growth),
    growthMaxMiB: Math.max(...growth),
  };
}

interface DirectionFigures {
  /** Content-Encodings the answers came in, if any. */
  encodings: string[];
  medianMiBps: number;
  worstMiBps: number;
  roundsMiBps: number[];
  api: ProcessFigures | null;
  web: ProcessFigures | null;
  /** The stores' CPU time per transfer (median). */
  storeCpuMs: StoreCpu | null;
}

function directionFigures(transfers: Transfer[]): DirectionFigures {
  const rates = transfers.map((transfer) => transfer.mibPerSecond);
  return {
    encodings: [...new Set(transfers.flatMap((transfer) => (transfer.encoding ? [transfer.encoding] : [])))],
    medianMiBps: median(rates),
    worstMiBps: Math.min(...rates),
    roundsMiBps: rates.map((rate) => Math.round(rate * 10) / 10),
    api: memoryFigures(transfers.map((transfer) => transfer.api)),
    web: memoryFigures(transfers.map((transfer) => transfer.web)),
    storeCpuMs: transfers.every((transfer) => transfer.storeCpuMs)
      ? {
          postgres: median(transfers.map((transfer) => transfer.storeCpuMs!.postgres)),
          s3rver: median(transfers.map((transfer) => transfer.storeCpuMs!.s3rver)),
        }
      : null,
  };
}

const processText = (name: string, figures: ProcessFigures | null) =>
  figures
    ? `${name} RSS ${one(figures.beforeMiB).padStart(5)} -> peak ${one(figures.peakMiB).padStart(5)} MiB (${signed(figures.growthMedianMiB)} median, ${signed(figures.growthMaxMiB)} most); CPU ${Math.round(figures.cpuMs)} ms`
    : `${name} n/a`;

// ---------------------------------------------------------------------------------------------------------------

async function main() {
  const machine = { cores: cpus().length, cpu: cpus()[0]?.model.trim() ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
  const load = () =>
    loadavg()
      .map((value) => value.toFixed(1))
      .join(', ');
  const loadAtStart = load();
  say(`${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}; load average ${loadAtStart}`);
  say(`a ${FILE_MIB} MiB file (${FILE_BYTES.toLocaleString('en-AU')} bytes), ${WARMUP} warm-up + ${ROUNDS} measured rounds per driver, drivers alternating`);

  if (REUSE_WEB_BUILD) {
    if (!existsSync(STANDALONE_SERVER)) {
      throw new Error(`BENCH_REUSE_WEB_BUILD=1 but there is no web build (${path.relative(REPO_ROOT, STANDALONE_SERVER)})`);
    }
    say('the web build as it is (BENCH_REUSE_WEB_BUILD=1)');
  } else {
    const reason = await webBuildReason(process.env.MONITRAX_WEB_REBUILD === '1');
    if (reason) {
      say(`next build (${reason})`);
      await buildWeb({ env: process.env, timeoutMs: BUILD_TIMEOUT_MS });
    }
  }

  await rm(OUT_DIR, { recursive: true, force: true });
  await mkdir(OUT_DIR, { recursive: true });
  const temp = await postgresTempDir('monitrax-bench-documents-');
  // Whatever ends this process, its folder goes (PostgreSQL's data, the logs, the bucket's files).
  process.once('exit', () => rmSync(temp, { recursive: true, force: true }));
  const stops: Array<() => Promise<unknown>> = [];
  let stopping: Promise<void> | undefined;
  /** Everything started, last first (the webs, the APIs, the bucket, PostgreSQL), then the folder. Once. */
  const stopAll = () => {
    stopping ??= (async () => {
      for (const stop of stops.splice(0).reverse()) await stop().catch((error: unknown) => say(`stopping: ${error instanceof Error ? error.message : error}`));
      await rm(temp, { recursive: true, force: true });
    })();
    return stopping;
  };
  // Ctrl-C or a stop: the same clean stop, bounded by the supervisor's (SIGKILL after 15 s per process).
  // No new round starts after it either.
  let interrupted: NodeJS.Signals | undefined;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      interrupted = signal;
      say(`${signal}: stopping`);
      void stopAll().finally(() => process.exit(130));
    });
  }

  try {
    const [pgPort, ...ports] = (await findFreePorts(1 + 2 * DRIVERS.length)) as [number, ...number[]];
    const postgres = await startSyncedPostgres({
      dataDir: path.join(temp, 'data'),
      port: pgPort,
      database: 'monitrax_bench_documents',
      sync: { backupDir: path.join(temp, 'backups'), acceptDataLoss: [], backup: false, appVersion: 'bench', log: () => {} },
    });
    stops.push(() => postgres.cluster.stop());

    const bucketTemp = path.join(temp, 'bucket');
    await mkdir(bucketTemp);
    const s3Process = startNodeProcess(path.join(import.meta.dirname, 's3-server-process.ts'), {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, TMPDIR: bucketTemp, S3_BUCKET: 'monitrax-bench-documents' },
    });
    stops.push(() => s3Process.stop());
    const s3 = JSON.parse((await s3Process.waitForOutput(/^s3rver \{/, READY_TIMEOUT_MS)).slice('s3rver '.length)) as {
      endpoint: string;
      bucket: string;
      region: string;
      accessKeyId: string;
      secretAccessKey: string;
    };

    // One deploy's secrets, shared by both APIs and both webs (a session from either web is good at either API).
    const secrets = { JWT_SECRET: randomBytes(48).toString('base64'), INTERNAL_API_SECRET: randomBytes(48).toString('base64') };
    const bucketEnv = {
      S3_BUCKET: s3.bucket,
      S3_ENDPOINT: s3.endpoint,
      S3_REGION: s3.region,
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
    };
    const targets: Target[] = [];
    for (const [at, driver] of DRIVERS.entries()) {
      const apiPort = ports[2 * at]!;
      const webPort = ports[2 * at + 1]!;
      const webUrl = `http://127.0.0.1:${webPort}`;
      // As make bench's API: the production start (Dockerfile.api's flags), its log in a file.
      const api = await startApi({
        databaseUrl: postgres.databaseUrl,
        port: apiPort,
        logFile: path.join(OUT_DIR, `api-${driver}.log`),
        healthyTimeoutMs: READY_TIMEOUT_MS,
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'production',
          ...secrets,
          WEB_ORIGIN: webUrl,
          LOG_LEVEL: 'info',
          BACKUP_DIR: path.join(temp, 'backups'),
          SCHEMA_CHECK_INTERVAL_MS: '0',
          DOCUMENT_STORAGE: driver,
          ...(driver === 's3' ? bucketEnv : {}),
          ...(PROBE ? { NODE_OPTIONS: `--import=${pathToFileURL(PROBE_SCRIPT).href}` } : {}),
        },
      });
      stops.push(() => api.process.stop());
      const web = await startWebServer({
        port: webPort,
        apiUrl: api.url,
        internalApiSecret: secrets.INTERNAL_API_SECRET,
        env: { PATH: process.env.PATH, LOG_LEVEL: 'warn' },
      });
      stops.push(() => web.stop());
      try {
        await waitForHealthy(`${webUrl}/api/health`, { child: web.child, timeoutMs: READY_TIMEOUT_MS });
      } catch (error) {
        throw new Error(`the web server: ${error instanceof Error ? error.message : String(error)}\n--- its last output ---\n${web.output().slice(-3000)}`);
      }
      targets.push({ driver, api, web, webUrl });
    }

    const credentials = { email: `bench-documents-${Date.now()}@example.com`, password: 'bench-password-123' };
    const firstApi = targets[0]!.api.url;
    await apiJson(`${firstApi}${AUTH_PATHS.register}`, { method: 'POST', body: { ...credentials, name: 'Documents bench' } });
    const link = await queuedSignUpLink(postgres.databaseUrl, credentials.email);
    await apiJson(`${firstApi}${AUTH_PATHS.confirm}`, { method: 'POST', body: { token: signUpToken(link), password: credentials.password } });
    for (const target of targets) target.session = await signInThroughWeb(target.webUrl, credentials);

    const method = await peakMethodFor(targets[0]!.api.process.child.pid!);
    say(
      `API and web: ${method === 'hwm' ? 'peak RSS from VmHWM, reset before each transfer (clear_refs)' : method === 'sampled' ? `peak of VmRSS sampled every ${SAMPLE_MS} ms` : 'no /proc: no memory figures'}`,
    );
    const postmaster = Number((await readFile(path.join(postgres.cluster.dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    const storeCpu = async (): Promise<StoreCpu | null> =>
      method === 'none' ? null : { postgres: await treeCpuMs(postmaster), s3rver: await treeCpuMs(s3Process.child.pid!) };
    const idle = await Promise.all(targets.map(async (target) => (method === 'none' ? null : mib((await statusOf(target.api.process.child.pid!)).rssKiB))));

    const measured: Record<Driver, Round[]> = { postgres: [], s3: [] };
    for (let at = 0; at < WARMUP + ROUNDS; at += 1) {
      const warm = at < WARMUP;
      const order = at % 2 === 0 ? targets : [...targets].reverse();
      for (const target of order) {
        if (interrupted) throw new Error(`stopped by ${interrupted}`);
        const result = await round(target, warm ? `warm-up-${at + 1}` : `round-${at + 1 - WARMUP}`, method, storeCpu);
        if (!warm) measured[target.driver].push(result);
        const growth = (transfer: Transfer) =>
          transfer.api && transfer.web
            ? ` (API ${signed(mib(transfer.api.peakKiB - transfer.api.beforeKiB))}, web ${signed(mib(transfer.web.peakKiB - transfer.web.beforeKiB))} MiB)`
            : '';
        say(
          `${(warm ? 'warm-up' : `round ${at + 1 - WARMUP}`).padEnd(8)} ${target.driver.padEnd(8)} up ${one(result.upload.mibPerSecond).padStart(5)} MiB/s${growth(result.upload)}, down ${one(result.download.mibPerSecond).padStart(5)} MiB/s${growth(result.download)}`,
        );
      }
    }
    const after = await Promise.all(targets.map(async (target) => (method === 'none' ? null : mib((await statusOf(target.api.process.child.pid!)).rssKiB))));
    const left = await leftBehind(postgres.databaseUrl, s3);
    if (left.rows + left.pieces + left.objects > 0) {
      throw new Error(`after the deletes: ${left.rows} document rows, ${left.pieces} pieces in PostgreSQL, ${left.objects} objects in the bucket`);
    }

    const figures = Object.fromEntries(
      targets.map((target, at) => [
        target.driver,
        {
          upload: directionFigures(measured[target.driver].map((result) => result.upload)),
          download: directionFigures(measured[target.driver].map((result) => result.download)),
          apiRssMiB: { idle: idle[at], afterAllRounds: after[at] },
        },
      ]),
    ) as Record<Driver, { upload: DirectionFigures; download: DirectionFigures; apiRssMiB: { idle: number | null; afterAllRounds: number | null } }>;

    const alive: Partial<Record<Driver, { upload: Alive; download: Alive }>> = {};
    if (PROBE) {
      for (const target of targets) {
        const lines = await probeLines(path.join(OUT_DIR, `api-${target.driver}.log`));
        alive[target.driver] = {
          upload: aliveDuring(
            lines,
            measured[target.driver].map((result) => result.upload),
          ),
          download: aliveDuring(
            lines,
            measured[target.driver].map((result) => result.download),
          ),
        };
      }
    }

    const results = {
      date: new Date().toISOString(),
      machine,
      settings: { fileBytes: FILE_BYTES, rounds: ROUNDS, warmup: WARMUP, peakMethod: method },
      loadAverage: { atStart: loadAtStart, atEnd: load() },
      figures,
      ...(PROBE ? { apiAliveAfterCollections: alive } : {}),
      leftBehind: left,
    };
    await writeFile(path.join(OUT_DIR, 'summary.json'), `${JSON.stringify(results, null, 2)}\n`);

    const lines = [''];
    lines.push(
      `  Documents: a ${FILE_MIB} MiB PDF through the web to the API and back, per store (${machine.cores} cores, ${machine.cpu}; Node ${machine.node}; ${ROUNDS} rounds after ${WARMUP} warm-up)`,
      `  MiB/s: median (worst) of the rounds; RSS: at a transfer's start (median) -> the most held during one (${method === 'hwm' ? 'VmHWM' : method === 'sampled' ? 'sampled' : 'n/a'}), growth in one transfer; CPU: per transfer (median)`,
    );
    for (const target of targets) {
      const figure = figures[target.driver];
      const probed = alive[target.driver];
      for (const direction of ['upload', 'download'] as const) {
        const item = figure[direction];
        lines.push(
          `  ${target.driver.padEnd(8)} ${direction.padEnd(8)} ${one(item.medianMiBps).padStart(5)} (${one(item.worstMiBps)}) MiB/s` +
            (direction === 'download' && item.encodings.length > 0 ? ` (sent ${item.encodings.join(', ')}-encoded by the web)` : ''),
          `  ${''.padEnd(17)} ${processText('API', item.api)}`,
          ...(probed ? [`  ${''.padEnd(17)}     ${aliveText(probed[direction])}`] : []),
          `  ${''.padEnd(17)} ${processText('web', item.web)}`,
          ...(item.storeCpuMs
            ? [`  ${''.padEnd(17)} CPU of PostgreSQL ${Math.round(item.storeCpuMs.postgres)} ms, of s3rver ${Math.round(item.storeCpuMs.s3rver)} ms`]
            : []),
        );
      }
      const rss = figure.apiRssMiB;
      if (rss.idle !== null && rss.afterAllRounds !== null) {
        lines.push(`  ${''.padEnd(17)} the API's RSS: ${one(rss.idle)} MiB before the first transfer, ${one(rss.afterAllRounds)} MiB after the last`);
      }
    }
    lines.push(
      `  load average (1, 5, 15 min): ${results.loadAverage.atStart} at the start, ${results.loadAverage.atEnd} at the end (other work on the machine shows here)`,
    );
    lines.push(`  left behind after the deletes: ${left.rows} rows, ${left.pieces} pieces in PostgreSQL, ${left.objects} objects in the bucket`);
    lines.push(`  (${path.relative(REPO_ROOT, OUT_DIR)}/: summary.json, the APIs' logs)`, '');
    process.stdout.write(`${lines.join('\n')}\n`);
  } catch (error) {
    say(`stopped by an error; the APIs' logs are in ${path.relative(REPO_ROOT, OUT_DIR)}/`);
    throw error;
  } finally {
    await stopAll();
  }
}

await main();
