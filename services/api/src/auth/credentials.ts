// What an email and a password must be. The per-email login limit keys on an email exactly as this schema
// normalises it, so " Victim@Example.com" and "victim@example.com" share one budget, and input longer than
// an email can be is refused outright rather than slipping past the limiter.
import { z } from 'zod';

export const EMAIL_MAX = 254;
/** Longest raw input accepted before trimming: room for stray spaces, nowhere near a body limit. */
export const EMAIL_INPUT_MAX = 320;

export const emailField = z
  .string()
  .max(EMAIL_INPUT_MAX, `must be at most ${EMAIL_MAX} characters`)
  .trim()
  .toLowerCase()
  .max(EMAIL_MAX, `must be at most ${EMAIL_MAX} characters`)
  .pipe(z.email('must be a valid email address'));

// Argon2 work is bounded by capping the password length; 8 is NIST SP 800-63B's minimum.
export const newPasswordField = z.string().min(8, 'must be at least 8 characters').max(256, 'must be at most 256 characters');
export const givenPasswordField = z.string().min(1, 'is required').max(256, 'must be at most 256 characters');

/** The normalised email in a request body, or undefined when validation would refuse it. */
export function normalisedEmail(body: unknown): string | undefined {
  const parsed = emailField.safeParse((body as { email?: unknown } | undefined)?.email);
  return parsed.success ? parsed.data : undefined;
}
