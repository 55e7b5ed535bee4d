// The only module that talks to the API. Server-only: the API's address and the session token never
// reach the browser. Every call has a time limit, carries an X-Request-Id (the incoming one when a proxy
// set it, else a new one) and comes back as data or an ApiError (see envelope.ts).
import 'server-only';
import { randomUUID } from 'node:crypto';
import { headers } from 'next/headers';
import { connection } from 'next/server';
import { resolveApiUrl } from './config';
import { parseEnvelope, unreachable, type ApiResult } from './envelope';

export const DEFAULT_TIMEOUT_MS = 8_000;
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Session token; a 401 on a call that sent one becomes a SessionExpiredError. */
  token?: string | undefined;
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  timeoutMs?: number;
}

/** The API's base URL from API_URL, read at request time. */
export async function apiBaseUrl(): Promise<string> {
  await connection();
  return resolveApiUrl({ API_URL: process.env.API_URL, NODE_ENV: process.env.NODE_ENV });
}

/** The request id to forward: the incoming X-Request-Id when it looks sane, otherwise a fresh one. */
export async function requestIdForCall(): Promise<string> {
  try {
    const incoming = (await headers()).get('x-request-id');
    if (incoming && SAFE_REQUEST_ID.test(incoming)) return incoming;
  } catch {
    // outside a request (should not happen): fall through to a new id
  }
  return randomUUID();
}

function urlFor(base: string, path: string, query?: ApiRequest['query']): string {
  const url = new URL(`${base}${path}`);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.toString();
}

export async function apiRequest<T>(path: string, request: ApiRequest = {}): Promise<ApiResult<T>> {
  const base = await apiBaseUrl();
  const requestId = await requestIdForCall();
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headerList: Record<string, string> = { accept: 'application/json', 'x-request-id': requestId };
  if (request.body !== undefined) headerList['content-type'] = 'application/json';
  if (request.token !== undefined) headerList.authorization = `Bearer ${request.token}`;

  let response: Response;
  let text: string;
  try {
    response = await fetch(urlFor(base, path, request.query), {
      method: request.method ?? 'GET',
      headers: headerList,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      cache: 'no-store',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    throw unreachable(error, timeoutMs, requestId);
  }

  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return parseEnvelope<T>(response.status, body, {
    requestId: response.headers.get('x-request-id') ?? requestId,
    authenticated: request.token !== undefined,
  });
}
