'use server';
// Sign-in, sign-up, sign-out and a password change. The API's JWT goes into an httpOnly cookie here and nowhere
// else.
import { redirect } from 'next/navigation';
import { ApiError, describeError } from '@/lib/api/envelope';
import { SIGN_UP_LINK_HOURS } from '@monitrax/contract/auth';
import { changePassword, confirmSignUp, login, logout, register } from '@/lib/data';
import type { FormState } from '@/lib/form-state';
import { log } from '@/lib/log';
import { clearSession, readDeviceToken, readSessionToken, saveDeviceToken, saveSession, withSession } from '@/lib/session';
import { HOME_PATH, PASSWORD_PATH, SIGN_IN_PATH, safeNextPath } from '@/lib/session-rules';

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
    const session = await login(email, text(data, 'password'), await readDeviceToken());
    await saveSession(session.token, session.expiresAt);
    await saveDeviceToken(session.deviceToken);
  } catch (error) {
    return failed(previous, values, error, ['email', 'password']);
  }
  redirect(next);
}

/** Asks for the account. The answer is the same whether or not the address has one: its owner learns which by mail. */
export async function signUp(previous: FormState, data: FormData): Promise<FormState> {
  const name = text(data, 'name').trim();
  const email = text(data, 'email').trim();
  const values = { name, email };
  try {
    const accepted = await register(name, email, text(data, 'password'));
    return {
      attempt: previous.attempt + 1,
      ok: true,
      values: { name, email: accepted.email },
      fieldErrors: {},
      formError: null,
      requestId: null,
      notice: `Check your inbox: we sent a mail to ${accepted.email}. Open the link in it to finish creating your account (it works for ${SIGN_UP_LINK_HOURS} hours). If the address already has an account, the mail says so.`,
    };
  } catch (error) {
    return failed(previous, values, error, ['name', 'email', 'password']);
  }
}

/** The mailed link's last step, with the password chosen at sign-up: the account is created and this browser signed
 * in to it. */
export async function confirmEmail(previous: FormState, data: FormData): Promise<FormState> {
  try {
    const session = await confirmSignUp(text(data, 'token'), text(data, 'password'));
    await saveSession(session.token, session.expiresAt);
    await saveDeviceToken(session.deviceToken);
  } catch (error) {
    // A link cut short (a mail client wrapped it) reads as a bad token: say what to do rather than what failed.
    if (error instanceof ApiError && error.code === 'VALIDATION_ERROR' && error.fieldErrors.token && !error.fieldErrors.password) {
      const formError = error.message.startsWith('This sign-up link')
        ? error.message
        : 'This link is incomplete: open it again from the mail (the whole link), or sign up again for a new one.';
      return { attempt: previous.attempt + 1, ok: false, values: {}, fieldErrors: {}, formError, requestId: error.requestId ?? null };
    }
    return failed(previous, {}, error, ['password']);
  }
  redirect(HOME_PATH);
}

/** Ends the session on the API first (the token is dead everywhere), then forgets the cookie. Signing out
 * still happens in this browser when the API cannot be reached: the token then only lives until it expires. */
export async function signOut(): Promise<void> {
  const token = await readSessionToken();
  if (token) {
    try {
      await logout(token);
    } catch (error) {
      log('warn', `sign-out could not end the session on the API: ${describeError(error).message}`);
    }
  }
  await clearSession();
  redirect(SIGN_IN_PATH);
}

export async function changePasswordAction(previous: FormState, data: FormData): Promise<FormState> {
  const currentPassword = text(data, 'currentPassword');
  const newPassword = text(data, 'newPassword');
  if (newPassword !== text(data, 'confirmPassword')) {
    return {
      attempt: previous.attempt + 1,
      ok: false,
      values: {},
      fieldErrors: { confirmPassword: 'does not match the new password' },
      formError: null,
      requestId: null,
    };
  }
  try {
    const { endedSessions } = await withSession(PASSWORD_PATH, (token) => changePassword(token, currentPassword, newPassword));
    const elsewhere = endedSessions === 1 ? '1 other session was signed out' : `${endedSessions} other sessions were signed out`;
    return {
      attempt: previous.attempt + 1,
      ok: true,
      values: {},
      fieldErrors: {},
      formError: null,
      requestId: null,
      notice: `Password changed; ${elsewhere}.`,
    };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error; // redirects (sign-in) and real bugs go on
    return failed(previous, {}, error, ['currentPassword', 'newPassword']);
  }
}
