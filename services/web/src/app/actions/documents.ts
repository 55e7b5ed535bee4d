'use server';
// Deleting a document from its list (the Documents screen, a property's or a loan's page).
import { revalidatePath } from 'next/cache';
import { ApiError, describeError } from '@/lib/api/envelope';
import { deleteDocument } from '@/lib/data';
import type { DeleteResult } from '@/lib/form-state';
import { withSession } from '@/lib/session';
import { safeNextPath } from '@/lib/session-rules';

export async function deleteDocumentAction(id: string, returnTo: string): Promise<DeleteResult> {
  const page = safeNextPath(returnTo);
  try {
    await withSession(page, (token) => deleteDocument(id, token));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error; // redirects (sign-in) and real bugs go on
    if (error.code !== 'NOT_FOUND') return { ok: false, ...describeError(error) }; // already gone: the outcome asked for
  }
  revalidatePath(page);
  return { ok: true, message: null, requestId: null };
}
