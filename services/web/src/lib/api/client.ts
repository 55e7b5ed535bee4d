// The only module that talks to the API. Server-only: the API's address, the session token and the internal
// secret never reach the browser. Every call has a time limit, carries an X-Request-Id (the incoming one when a
// proxy set it, else a new one) and the browser's address with the internal secret (client-address.ts), and
// comes back as data or an ApiError (see envelope.ts).
import 'server-only';
import { randomUUID } from 'node:crypto';
import { headers } from 'next/headers';
import { connection } from 'next/server';
import { CLIENT_ADDRESS_HEADER, INTERNAL_SECRET_HEADER, REQUEST_ID_HEADER, SAFE_REQUEST_ID } from '@monitrax/contract/headers';
import { loadWebConfig } from '@/config/env';
import { parseEnvelope, unreachable, type ApiResult } from './envelope';

export const DEFAULT_TIMEOUT_MS = 8_000;

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Session token; a 401 on a call that sent one becomes a SessionExpiredError. */
  token?: string | undefined;
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  timeoutMs?: number;
  /** Headers of this call's own (a sign-in's device token). */
  headers?: Record<string, string>;
}

/** The API's base URL from API_URL, read at request time. */
export async function apiBaseUrl(): Promise<string> {
  await connection();
  return loadWebConfig().apiUrl;
}

/** What a call forwards from the incoming request: its X-Request-Id when it looks sane (else a fresh one), and
 * the browser's address as the server worked it out (client-address.ts). */
export async function forwardedForCall(): Promise<{ requestId: string; clientAddress: string | undefined }> {
  let incoming: Headers | undefined;
  try {
    incoming = await headers();
  } catch {
    // outside a request (should not happen): a new id and no address
  }
  const requestId = incoming?.get(REQUEST_ID_HEADER);
  return {
    requestId: requestId && SAFE_REQUEST_ID.test(requestId) ? requestId : randomUUID(),
    clientAddress: incoming?.get(CLIENT_ADDRESS_HEADER) ?? undefined,
  };
}

function urlFor(base: string, path: string, query?: ApiRequest['query']): string {
  const url = new URL(`${base}${path}`);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.toString();
}

/** The headers every call sends: its request id, the browser's address with the internal secret (unless the route
 * is one the proxy does not run for, where that header is not settled), the session. */
export async function callHeaders(
  token: string | undefined,
  own: Record<string, string> = {},
  options: { clientAddress: boolean } = { clientAddress: true },
): Promise<{ requestId: string; headers: Record<string, string> }> {
  const { requestId, clientAddress } = await forwardedForCall();
  const { internalApiSecret: internalSecret } = loadWebConfig();
  const headerList: Record<string, string> = { ...own, [REQUEST_ID_HEADER]: requestId };
  if (options.clientAddress && internalSecret && clientAddress) {
    headerList[CLIENT_ADDRESS_HEADER] = clientAddress;
    headerList[INTERNAL_SECRET_HEADER] = internalSecret;
  }
  if (token !== undefined) headerList.authorization = `Bearer ${token}`;
  return { requestId, headers: headerList };
}

/** The API's answer as it comes, body unread: for a document's bytes, streamed through without being held. */
export async function apiStream(
  path: string,
  request: {
    method: 'GET' | 'POST';
    token: string;
    query?: ApiRequest['query'];
    body?: ReadableStream<Uint8Array> | null;
    headers?: Record<string, string>;
    /** False on a route the proxy does not run for (the upload). */
    clientAddress?: boolean;
  },
): Promise<Response> {
  const base = await apiBaseUrl();
  // identity: the bytes pass through as the API sent them, so its Content-Length stays true.
  const { headers } = await callHeaders(request.token, { 'accept-encoding': 'identity', ...request.headers }, { clientAddress: request.clientAddress ?? true });
  return fetch(urlFor(base, path, request.query), {
    method: request.method,
    headers,
    ...(request.body ? { body: request.body, duplex: 'half' } : {}),
    cache: 'no-store',
    redirect: 'manual',
  } as RequestInit);
}

export async function apiRequest<T>(path: string, request: ApiRequest = {}): Promise<ApiResult<T>> {
  const base = await apiBaseUrl();
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { requestId, headers: headerList } = await callHeaders(request.token, { ...request.headers, accept: 'application/json' });
  if (request.body !== undefined) headerList['content-type'] = 'application/json';

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
    requestId: response.headers.get(REQUEST_ID_HEADER) ?? requestId,
    authenticated: request.token !== undefined,
  });
}
