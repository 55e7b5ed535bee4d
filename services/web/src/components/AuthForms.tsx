'use client';
// Sign-in and sign-up forms. They post to server actions (and work without JavaScript too); the session
// cookie is set on the server. Passwords are never sent back to the page.
import { useActionState, useEffect, useRef } from 'react';
import { PASSWORD_MIN_LENGTH } from '@monitrax/contract/auth';
import { changePasswordAction, confirmEmail, signIn, signUp } from '@/app/actions/auth';
import { initialFormState, type FormState } from '@/lib/form-state';
import { Field } from './Field';

function useFocusProblem(state: FormState) {
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.attempt === 0) return;
    const firstInvalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (firstInvalid ?? alertRef.current)?.focus();
  }, [state]);
  return { formRef, alertRef };
}

function FormAlert({ state, alertRef }: { state: FormState; alertRef: React.RefObject<HTMLDivElement | null> }) {
  if (!state.formError) return null;
  return (
    <div ref={alertRef} role="alert" tabIndex={-1} className="notice notice--error">
      {state.formError}
    </div>
  );
}

function EmailField({ id, state }: { id: string; state: FormState }) {
  return (
    <Field
      id={id}
      name="email"
      label="Email"
      type="email"
      inputMode="email"
      autoComplete="email"
      required
      defaultValue={state.values.email ?? ''}
      error={state.fieldErrors.email}
    />
  );
}

/** The account's existing password (never sent back into the field). */
function PasswordField({ id, state, hint }: { id: string; state: FormState; hint?: string }) {
  return (
    <Field
      id={id}
      name="password"
      label="Password"
      type="password"
      autoComplete="current-password"
      required
      defaultValue=""
      {...(hint ? { hint } : {})}
      error={state.fieldErrors.password}
    />
  );
}

export function SignInForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState(signIn, initialFormState({ email: '', next }));
  const { formRef, alertRef } = useFocusProblem(state);
  return (
    <form key={state.attempt} ref={formRef} action={action} noValidate className="form form--narrow">
      <FormAlert state={state} alertRef={alertRef} />
      <input type="hidden" name="next" value={state.values.next ?? next} />
      <EmailField id="sign-in-email" state={state} />
      <PasswordField id="sign-in-password" state={state} />
      <div className="form__actions">
        <button type="submit" className="button button--primary button--wide" disabled={pending}>
          Sign in
        </button>
      </div>
    </form>
  );
}

export function SignUpForm() {
  const [state, action, pending] = useActionState(signUp, initialFormState({ name: '', email: '' }));
  const { formRef, alertRef } = useFocusProblem(state);
  if (state.ok && state.notice) {
    return (
      <p role="status" className="notice notice--info">
        {state.notice}
      </p>
    );
  }
  return (
    <form key={state.attempt} ref={formRef} action={action} noValidate className="form form--narrow">
      <FormAlert state={state} alertRef={alertRef} />
      <Field id="sign-up-name" name="name" label="Name" autoComplete="name" required defaultValue={state.values.name ?? ''} error={state.fieldErrors.name} />
      <EmailField id="sign-up-email" state={state} />
      <Field
        id="sign-up-password"
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        defaultValue=""
        hint={`At least ${PASSWORD_MIN_LENGTH} characters`}
        error={state.fieldErrors.password}
      />
      <div className="form__actions">
        <button type="submit" className="button button--primary button--wide" disabled={pending}>
          Create account
        </button>
      </div>
    </form>
  );
}

/** The sign-up link's page asks before it confirms (a mail scanner that opens the link creates nothing), and for the
 * password chosen at sign-up (a sign-up someone else made for your address cannot become your account). */
export function ConfirmEmailForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState(confirmEmail, initialFormState());
  const { formRef, alertRef } = useFocusProblem(state);
  return (
    <form key={state.attempt} ref={formRef} action={action} noValidate className="form form--narrow">
      <FormAlert state={state} alertRef={alertRef} />
      <input type="hidden" name="token" value={token} />
      <PasswordField id="confirm-password" state={state} hint="The one you chose when you signed up" />
      <div className="form__actions">
        <button type="submit" className="button button--primary button--wide" disabled={pending}>
          Create my account
        </button>
      </div>
    </form>
  );
}

export function ChangePasswordForm() {
  const [state, action, pending] = useActionState(changePasswordAction, initialFormState());
  const { formRef, alertRef } = useFocusProblem(state);
  return (
    <form key={state.attempt} ref={formRef} action={action} noValidate className="form form--narrow">
      <FormAlert state={state} alertRef={alertRef} />
      {state.notice ? (
        <p role="status" className="notice notice--info">
          {state.notice}
        </p>
      ) : null}
      <Field
        id="password-current"
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        defaultValue=""
        error={state.fieldErrors.currentPassword}
      />
      <Field
        id="password-new"
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        defaultValue=""
        hint={`At least ${PASSWORD_MIN_LENGTH} characters`}
        error={state.fieldErrors.newPassword}
      />
      <Field
        id="password-confirm"
        name="confirmPassword"
        label="New password again"
        type="password"
        autoComplete="new-password"
        required
        defaultValue=""
        error={state.fieldErrors.confirmPassword}
      />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={pending}>
          Change password
        </button>
      </div>
    </form>
  );
}
