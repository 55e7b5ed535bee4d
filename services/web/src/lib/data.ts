// Typed calls to the API for pages and server actions. Server-only (through api/client).
import 'server-only';
import { apiRequest } from './api/client';
import { readSessionToken } from './session';
import type { Pagination } from './api/envelope';
import { DOCUMENTS_PATH, type DocumentLinkField, type DocumentSummary, type DocumentUsage, documentPath } from '@monitrax/contract/documents';
import { AUTH_PATHS, type PasswordChanged, type SessionData, type SignUpAccepted } from '@monitrax/contract/auth';
import { DEVICE_TOKEN_HEADER } from '@monitrax/contract/headers';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@monitrax/contract/pagination';
import { PORTFOLIO_HISTORY_PATH, PORTFOLIO_SNAPSHOT_PATH, resourcePath } from '@monitrax/contract/paths';
import type { ResourceRow } from '@monitrax/contract/resources';
import type { HistoryPoint, Snapshot } from '@monitrax/contract/snapshot';
import type { ResourceDef, ResourceKey } from './resources';

export type { HistoryPoint, SessionData, Snapshot };

/** Whether the request comes from a person signed in now: a session cookie the API accepts (not merely present). */
export async function isSignedIn(): Promise<boolean> {
  const token = await readSessionToken();
  if (!token) return false;
  try {
    await apiRequest(AUTH_PATHS.me, { token });
    return true;
  } catch {
    return false;
  }
}

/** A row as the API returns it (the contract's type), readable by field name for the generic table and form. */
export type Row<K extends ResourceKey = ResourceKey> = ResourceRow<K> & Readonly<Record<string, unknown>>;

export interface Page<T> {
  items: T[];
  pagination: Pagination;
}

/** Rows per page of a list screen (the API's default page size). */
export const PAGE_SIZE = DEFAULT_PAGE_SIZE;

export async function listPage(def: ResourceDef, token: string, page: number): Promise<Page<Row>> {
  const { data, meta } = await apiRequest<Row[]>(resourcePath(def.key), { token, query: { page, pageSize: PAGE_SIZE } });
  return { items: data, pagination: meta.pagination ?? { page, pageSize: PAGE_SIZE, total: data.length, totalPages: 1 } };
}

/** Every row of a resource (for the selects of linked rows), following the API's pages. */
export async function listAll(key: ResourceKey, token: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (let page = 1; page <= 50; page += 1) {
    const { data, meta } = await apiRequest<Row[]>(resourcePath(key), { token, query: { page, pageSize: MAX_PAGE_SIZE } });
    rows.push(...data);
    if (page >= (meta.pagination?.totalPages ?? 1)) break;
  }
  return rows;
}

export async function getRow(def: ResourceDef, id: string, token: string): Promise<Row> {
  return (await apiRequest<Row>(`${resourcePath(def.key)}/${encodeURIComponent(id)}`, { token })).data;
}

export async function createRow(def: ResourceDef, body: Record<string, unknown>, token: string): Promise<Row> {
  return (await apiRequest<Row>(resourcePath(def.key), { method: 'POST', token, body })).data;
}

/** PUT: the form always sends every field, so a full replacement is what the person asked for. */
export async function replaceRow(def: ResourceDef, id: string, body: Record<string, unknown>, token: string): Promise<Row> {
  return (await apiRequest<Row>(`${resourcePath(def.key)}/${encodeURIComponent(id)}`, { method: 'PUT', token, body })).data;
}

export async function deleteRow(def: ResourceDef, id: string, token: string): Promise<void> {
  await apiRequest(`${resourcePath(def.key)}/${encodeURIComponent(id)}`, { method: 'DELETE', token });
}

/** The dashboard's data: today's snapshot and the last 90 days of history, asked for side by side. */
export async function fetchDashboard(token: string): Promise<{ snapshot: Snapshot; history: HistoryPoint[] }> {
  const [snapshot, history] = await Promise.all([fetchSnapshot(token), fetchHistory(token)]);
  return { snapshot, history };
}

export async function fetchHistory(token: string, days?: number): Promise<HistoryPoint[]> {
  return (await apiRequest<HistoryPoint[]>(PORTFOLIO_HISTORY_PATH, { token, ...(days ? { query: { days } } : {}) })).data;
}

export async function fetchSnapshot(token: string): Promise<Snapshot> {
  return (await apiRequest<Snapshot>(PORTFOLIO_SNAPSHOT_PATH, { token })).data;
}

export async function login(email: string, password: string, deviceToken?: string): Promise<SessionData> {
  const headers = deviceToken ? { [DEVICE_TOKEN_HEADER]: deviceToken } : undefined;
  return (await apiRequest<SessionData>(AUTH_PATHS.login, { method: 'POST', body: { email, password }, ...(headers ? { headers } : {}) })).data;
}

/** Asks for the account; the API mails the address (a link that creates it, or word that it exists). */
export async function register(name: string, email: string, password: string): Promise<SignUpAccepted> {
  return (await apiRequest<SignUpAccepted>(AUTH_PATHS.register, { method: 'POST', body: { name, email, password } })).data;
}

/** Uses a mailed sign-up link with the password chosen at sign-up: the account is created and this browser signed in. */
export async function confirmSignUp(token: string, password: string): Promise<SessionData> {
  return (await apiRequest<SessionData>(AUTH_PATHS.confirm, { method: 'POST', body: { token, password } })).data;
}

/** Ends the session on the API, so the token stops working everywhere, not only in this browser. */
export async function logout(token: string): Promise<void> {
  await apiRequest(AUTH_PATHS.logout, { method: 'POST', token });
}

/** Changes the password; the API ends every other session of the account. */
export async function changePassword(token: string, currentPassword: string, newPassword: string): Promise<{ endedSessions: number }> {
  return (await apiRequest<PasswordChanged>(AUTH_PATHS.password, { method: 'POST', token, body: { currentPassword, newPassword } })).data;
}

export interface DocumentsPage {
  documents: DocumentSummary[];
  /** How many there are in all. */
  total: number;
  /** The user's room for documents, when the API says (the uploader checks a file against it before sending). */
  usage: DocumentUsage | undefined;
}

/** The user's newest documents (a page of the most the API gives), optionally only those attached to one record,
 * how many there are in all, and how much room is left. */
export async function listDocuments(token: string, link?: { field: DocumentLinkField; id: string }): Promise<DocumentsPage> {
  const query = { page: 1, pageSize: MAX_PAGE_SIZE, ...(link ? { [link.field]: link.id } : {}) };
  const answer = await apiRequest<DocumentSummary[]>(DOCUMENTS_PATH, { token, query });
  const usage = answer.meta.documentUsage as DocumentUsage | undefined;
  return { documents: answer.data, total: answer.meta.pagination?.total ?? answer.data.length, usage };
}

export async function deleteDocument(id: string, token: string): Promise<void> {
  await apiRequest(documentPath(id), { method: 'DELETE', token });
}
