// What a server action hands back to a form after a submission (serialisable, no secrets).

export interface FormState {
  /** Increases with every answer, so the form re-renders with the values it was sent back. */
  attempt: number;
  ok: boolean;
  /** The submitted text per field (never passwords), to show again after an error. */
  values: Record<string, string>;
  fieldErrors: Record<string, string>;
  /** A problem that is not about one field (wrong password, API unavailable, ...). */
  formError: string | null;
  requestId: string | null;
  /** What went right, when the form stays on the page afterwards (a password change). */
  notice?: string | null;
}

export function initialFormState(values: Record<string, string> = {}): FormState {
  return { attempt: 0, ok: false, values, fieldErrors: {}, formError: null, requestId: null };
}

export type ActionResult = Omit<FormState, 'attempt'>;

export interface DeleteResult {
  ok: boolean;
  message: string | null;
  requestId: string | null;
}
