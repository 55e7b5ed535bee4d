// Typed calls to the API for pages and server actions. Server-only (through api/client).
import 'server-only';
import { apiRequest } from './api/client';
import type { Pagination } from './api/envelope';
import type { ResourceDef, ResourceKey } from './resources';

export type Row = Record<string, unknown> & { id: string };

export interface Page<T> {
  items: T[];
  pagination: Pagination;
}

export interface Snapshot {
  totals: {
    propertyValue: number;
    loanBalance: number;
    offsetBalance: number;
    savingsBalance: number;
    transactionalBalance: number;
    creditCardBalance: number;
    equity: number;
    netPosition: number;
    portfolioLvr: number | null;
  };
  monthly: { income: number; expenses: number; loanRepayments: number; netCashFlow: number };
  properties: Array<{ id: string; name: string; currentValue: number; loanBalance: number; equity: number; lvr: number | null }>;
  counts: { properties: number; loans: number; accounts: number; incomes: number; expenses: number };
}

export interface Session {
  token: string;
  expiresAt: string;
  user: { id: string; email: string; name: string };
}

export const PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

export async function listPage(def: ResourceDef, token: string, page: number): Promise<Page<Row>> {
  const { data, meta } = await apiRequest<Row[]>(`/api/${def.key}`, { token, query: { page, pageSize: PAGE_SIZE } });
  return { items: data, pagination: meta.pagination ?? { page, pageSize: PAGE_SIZE, total: data.length, totalPages: 1 } };
}

/** Every row of a resource (for the selects of linked rows), following the API's pages. */
export async function listAll(key: ResourceKey, token: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (let page = 1; page <= 50; page += 1) {
    const { data, meta } = await apiRequest<Row[]>(`/api/${key}`, { token, query: { page, pageSize: MAX_PAGE_SIZE } });
    rows.push(...data);
    if (page >= (meta.pagination?.totalPages ?? 1)) break;
  }
  return rows;
}

export async function getRow(def: ResourceDef, id: string, token: string): Promise<Row> {
  return (await apiRequest<Row>(`/api/${def.key}/${encodeURIComponent(id)}`, { token })).data;
}

export async function createRow(def: ResourceDef, body: Record<string, unknown>, token: string): Promise<Row> {
  return (await apiRequest<Row>(`/api/${def.key}`, { method: 'POST', token, body })).data;
}

/** PUT: the form always sends every field, so a full replacement is what the person asked for. */
export async function replaceRow(def: ResourceDef, id: string, body: Record<string, unknown>, token: string): Promise<Row> {
  return (await apiRequest<Row>(`/api/${def.key}/${encodeURIComponent(id)}`, { method: 'PUT', token, body })).data;
}

export async function deleteRow(def: ResourceDef, id: string, token: string): Promise<void> {
  await apiRequest(`/api/${def.key}/${encodeURIComponent(id)}`, { method: 'DELETE', token });
}

export async function fetchSnapshot(token: string): Promise<Snapshot> {
  return (await apiRequest<Snapshot>('/api/portfolio/snapshot', { token })).data;
}

export async function login(email: string, password: string): Promise<Session> {
  return (await apiRequest<Session>('/api/auth/login', { method: 'POST', body: { email, password } })).data;
}

export async function register(name: string, email: string, password: string): Promise<Session> {
  return (await apiRequest<Session>('/api/auth/register', { method: 'POST', body: { name, email, password } })).data;
}

/** Ends the session on the API, so the token stops working everywhere, not only in this browser. */
export async function logout(token: string): Promise<void> {
  await apiRequest('/api/auth/logout', { method: 'POST', token });
}

/** Changes the password; the API ends every other session of the account. */
export async function changePassword(token: string, currentPassword: string, newPassword: string): Promise<{ endedSessions: number }> {
  return (await apiRequest<{ passwordChanged: true; endedSessions: number }>('/api/auth/password', { method: 'POST', token, body: { currentPassword, newPassword } })).data;
}
