// The normalised email of a request, for the per-email login limit (the rules are the contract's emailField).
import { emailField } from '@monitrax/contract/auth-inputs';

/** The normalised email in a request body, or undefined when validation would refuse it. */
export function normalisedEmail(body: unknown): string | undefined {
  const parsed = emailField.safeParse((body as { email?: unknown } | undefined)?.email);
  return parsed.success ? parsed.data : undefined;
}
