// Asks the API's readiness (/api/health) on behalf of the web server's health route and the status page, with
// INTERNAL_API_SECRET, so the answer is the API's detailed document (the status page shows its details to a
// signed-in person only). One answer serves every caller for HEALTH_ANSWER_CACHE_MS: probes of the web's own
// /api/health cannot load the API or its database.
import 'server-only';
import { log } from './log';
import { HEALTH_ANSWER_CACHE_MS } from '@monitrax/contract/health';
import { INTERNAL_SECRET_HEADER, REQUEST_ID_HEADER } from '@monitrax/contract/headers';
import { HEALTH_PATHS } from '@monitrax/contract/paths';
import { loadWebConfig } from '@/config/env';
import packageJson from '../../package.json';
import { apiBaseUrl, forwardedForCall } from './api/client';
import { SECRET_MISMATCH, secretRefused, webHealthDocument, type ApiProbe } from './health-doc';

/** Render's health check gives up after 5 s; the API answers within ~1.5 s even when its database hangs. */
export const API_HEALTH_TIMEOUT_MS = 3_000;

export const webVersion: string = packageJson.version;

export function webReleaseId(): string | undefined {
  return process.env.RENDER_GIT_COMMIT || process.env.GIT_COMMIT || undefined;
}

let said = false;
/** Into the web server's log, once per process (every probe would repeat it). */
function sayOnce(line: string): void {
  if (said) return;
  said = true;
  log('warn', line);
}

let latestProbe: { startedAt: number; probe: Promise<ApiProbe> } | undefined;

/** The API's detailed readiness document, asked at most once per HEALTH_ANSWER_CACHE_MS. */
export function probeApi(): Promise<ApiProbe> {
  const now = performance.now();
  if (!latestProbe || now - latestProbe.startedAt >= HEALTH_ANSWER_CACHE_MS) latestProbe = { startedAt: now, probe: askApi() };
  return latestProbe.probe;
}

async function askApi(): Promise<ApiProbe> {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 100) / 100;
  let base: string;
  try {
    base = await apiBaseUrl();
  } catch (error) {
    return { httpStatus: null, latencyMs: 0, document: null, error: error instanceof Error ? error.message : String(error) };
  }
  try {
    const { internalApiSecret } = loadWebConfig();
    const response = await fetch(`${base}${HEALTH_PATHS.readiness}`, {
      headers: {
        accept: 'application/health+json, application/json',
        [REQUEST_ID_HEADER]: (await forwardedForCall()).requestId,
        ...(internalApiSecret ? { [INTERNAL_SECRET_HEADER]: internalApiSecret } : {}),
      },
      cache: 'no-store',
      redirect: 'manual',
      signal: AbortSignal.timeout(API_HEALTH_TIMEOUT_MS),
    });
    const text = await response.text();
    let document: unknown = null;
    try {
      document = text ? JSON.parse(text) : null;
    } catch {
      document = null;
    }
    const probe = { httpStatus: response.status, latencyMs: elapsed(), document, sentSecret: Boolean(internalApiSecret) };
    if (secretRefused(probe)) sayOnce(SECRET_MISMATCH);
    return probe;
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return {
      httpStatus: null,
      latencyMs: elapsed(),
      document: null,
      error: timedOut ? `no answer within ${API_HEALTH_TIMEOUT_MS} ms` : 'the API could not be reached',
    };
  }
}

let reachedApi = false;

/** Whether this server has seen the API answer its liveness (the API has started) once since it started: asked until
 * it has, never again after. A release with a wrong API_URL then never takes traffic; a running one stays live
 * through the API's (or its database's) outage. */
export async function hasReachedApi(): Promise<boolean> {
  if (reachedApi) return true;
  try {
    const response = await fetch(`${await apiBaseUrl()}${HEALTH_PATHS.liveness}`, {
      headers: { accept: 'application/health+json, application/json' },
      cache: 'no-store',
      redirect: 'manual',
      signal: AbortSignal.timeout(API_HEALTH_TIMEOUT_MS),
    });
    await response.body?.cancel();
    reachedApi = response.ok;
  } catch {
    // Not yet: unreachable, refused, or no answer in time.
  }
  return reachedApi;
}

export async function webHealth(probe?: ApiProbe) {
  return webHealthDocument(probe ?? (await probeApi()), new Date());
}
