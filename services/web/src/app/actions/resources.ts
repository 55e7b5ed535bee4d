'use server';
// Create, replace and delete for every resource, driven by src/lib/resources.ts. Each action checks its
// arguments (they come from the browser) and goes through withSession, so a missing or expired session
// ends on the sign-in page like any page would.
import { ApiError, describeError } from '@/lib/api/envelope';
import { createRow, deleteRow, replaceRow } from '@/lib/data';
import { formToBody, mergeFieldErrors } from '@/lib/form-logic';
import type { ActionResult, DeleteResult } from '@/lib/form-state';
import { fieldByName, isId, resourceFor } from '@/lib/resources';
import { withSession } from '@/lib/session';

export async function saveResource(key: string, id: string | null, data: FormData): Promise<ActionResult> {
  const def = resourceFor(key);
  if (!def || (id !== null && !isId(id))) {
    return { ok: false, values: {}, fieldErrors: {}, formError: 'This form is out of date; reload the page and try again.', requestId: null };
  }
  const { body, issues, values } = formToBody(def, data);
  const returnTo = id ? `${def.path}/${id}/edit` : `${def.path}/new`;
  try {
    await withSession(returnTo, (token) => (id ? replaceRow(def, id, body, token) : createRow(def, body, token)));
    if (Object.keys(issues).length === 0) return { ok: true, values, fieldErrors: {}, formError: null, requestId: null };
    // Unreachable in practice (the API refuses a body without required fields); kept for safety.
    return { ok: false, values, fieldErrors: issues, formError: null, requestId: null };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error; // redirects (sign-in) and real bugs go on
    const fieldErrors = mergeFieldErrors(def, issues, error.fieldErrors);
    const otherIssues = Object.entries(error.fieldErrors)
      .filter(([field]) => !fieldByName(def, field))
      .map(([field, message]) => `${field}: ${message}`);
    let formError: string | null = null;
    if (error.code !== 'VALIDATION_ERROR')
      formError = error.code === 'NOT_FOUND' ? `This ${def.singular} no longer exists. It may have been deleted.` : error.message;
    else if (otherIssues.length > 0) formError = `${error.message}: ${otherIssues.join('; ')}`;
    else if (Object.keys(fieldErrors).length === 0) formError = error.message;
    return { ok: false, values, fieldErrors, formError, requestId: error.requestId ?? null };
  }
}

export async function deleteResource(key: string, id: string): Promise<DeleteResult> {
  const def = resourceFor(key);
  if (!def || !isId(id)) return { ok: false, message: 'This item cannot be deleted from here; reload the page.', requestId: null };
  try {
    await withSession(def.path, (token) => deleteRow(def, id, token));
    return { ok: true, message: null, requestId: null };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.code === 'NOT_FOUND') return { ok: true, message: null, requestId: null }; // already gone: the outcome asked for
    return { ok: false, ...describeError(error) };
  }
}
