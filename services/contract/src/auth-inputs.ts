// What the auth endpoints accept (the API validates with these), built on the rules in auth.ts. The per-email login
// limit keys on an email exactly as emailField normalises it, so " Victim@Example.com" and "victim@example.com" share
// one budget, and input longer than an email can be is refused outright rather than slipping past the limiter.
import { z } from 'zod';
import { EMAIL_INPUT_MAX, EMAIL_MAX, NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './auth.ts';

export const emailField = z
  .string()
  .max(EMAIL_INPUT_MAX, `must be at most ${EMAIL_MAX} characters`)
  .trim()
  .toLowerCase()
  .max(EMAIL_MAX, `must be at most ${EMAIL_MAX} characters`)
  .pipe(z.email('must be a valid email address'));

export const newPasswordField = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`);
export const givenPasswordField = z.string().min(1, 'is required').max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`);

export const registerInput = z.strictObject({
  email: emailField,
  password: newPasswordField,
  name: z.string().trim().min(1, 'is required').max(NAME_MAX_LENGTH, `must be at most ${NAME_MAX_LENGTH} characters`),
});

export const loginInput = z.strictObject({ email: emailField, password: givenPasswordField });

/** A sign-up link's token (32 random bytes, base64url) and the password chosen at sign-up: whoever opens the link
 * must know it, so a sign-up someone else made for your address cannot become your account with their password. */
export const confirmSignUpInput = z.strictObject({
  token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'is not a whole sign-up link'),
  password: givenPasswordField,
});

export const passwordChangeInput = z
  .strictObject({ currentPassword: givenPasswordField, newPassword: newPasswordField })
  .refine((body) => body.newPassword !== body.currentPassword, { path: ['newPassword'], message: 'must differ from the current password' });
