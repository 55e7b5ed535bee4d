'use server';
// Sign-in, sign-up and sign-out. The API's JWT goes into an httpOnly cookie here and nowhere else.
import { redirect } from 'next/navigation';
import { ApiError, describeError } from '@/lib/api/envelope';
import { login, register } from '@/lib/data';
import type { FormState } from '@/lib/form-state';
import { clearSession, saveSession } from '@/lib/session';
import { HOME_PATH, SIGN_IN_PATH, safeNextPath } from '@/lib/session-rules';

const text = (data: FormData, name: string) => {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
};

function failed(previous: FormState, values: Record<string, string>, error: unknown, fields: readonly string[]): FormState {
  if (error instanceof ApiError && error.code === 'VALIDATION_ERROR') {
    const fieldErrors = Object.fromEntries(Object.entries(error.fieldErrors).filter(([field]) => fields.includes(field)));
    if (Object.keys(fieldErrors).length > 0) {
      return { attempt: previous.attempt + 1, ok: false, values, fieldErrors, formError: null, requestId: error.requestId ?? null };
    }
  }
  const { message, requestId } = describeError(error);
  return { attempt: previous.attempt + 1, ok: false, values, fieldErrors: {}, formError: message, requestId };
}

export async function signIn(previous: FormState, data: FormData): Promise<FormState> {
  const email = text(data, 'email').trim();
  const next = safeNextPath(text(data, 'next') || HOME_PATH);
  const values = { email, next };
  try {
    const session = await login(email, text(data, 'password'));
    await saveSession(session.token, session.expiresAt);
  } catch (error) {
    return failed(previous, values, error, ['email', 'password']);
  }
  redirect(next);
}

export async function signUp(previous: FormState, data: FormData): Promise<FormState> {
  const name = text(data, 'name').trim();
  const email = text(data, 'email').trim();
  const values = { name, email };
  try {
    const session = await register(name, email, text(data, 'password'));
    await saveSession(session.token, session.expiresAt);
  } catch (error) {
    return failed(previous, values, error, ['name', 'email', 'password']);
  }
  redirect(HOME_PATH);
}

export async function signOut(): Promise<void> {
  await clearSession();
  redirect(SIGN_IN_PATH);
}
