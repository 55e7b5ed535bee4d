'use client';
// The one add/edit form for every resource, laid out from its field definitions (src/lib/resources.ts).
// Saving goes through a server action; the API's field messages come back next to the fields, and on
// success the list page opens with "<Singular> saved" in the status region.
import { useActionState, useEffect, useRef } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { saveResource } from '@/app/actions/resources';
import type { FormValues } from '@/lib/form-logic';
import { initialFormState, type FormState } from '@/lib/form-state';
import { RESOURCES, capitalise, type FieldDef, type Option, type ResourceKey } from '@/lib/resources';
import { Field } from './Field';
import { useFlash } from './Flash';

interface Props {
  resourceKey: ResourceKey;
  /** null: add; otherwise the id of the row being edited. */
  itemId: string | null;
  initialValues: FormValues;
  /** For link fields: the user's rows to choose from (None is added here). */
  linkOptions: Record<string, Option[]>;
}

function control(field: FieldDef, linkOptions: Props['linkOptions']) {
  switch (field.kind) {
    case 'choice':
      return { control: 'select' as const, options: field.options ?? [] };
    case 'link':
      return { control: 'select' as const, options: [{ value: '', label: 'None' }, ...(linkOptions[field.name] ?? [])] };
    case 'date':
      return { type: 'date' as const };
    case 'money':
    case 'signedMoney':
      return { type: 'text' as const, inputMode: 'decimal' as const, autoComplete: 'off', prefix: '$' };
    case 'rate':
      return { type: 'text' as const, inputMode: 'decimal' as const, autoComplete: 'off' };
    case 'text':
      return { type: 'text' as const, autoComplete: field.autoComplete ?? 'off' };
  }
}

export function ResourceForm({ resourceKey, itemId, initialValues, linkOptions }: Props) {
  const def = RESOURCES[resourceKey];
  const router = useRouter();
  const { show } = useFlash();
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  const [state, formAction, pending] = useActionState<FormState, FormData>(async (previous, data) => {
    const result = await saveResource(resourceKey, itemId, data);
    if (result.ok) {
      show(`${capitalise(def.singular)} saved`, def.path);
      router.push(def.path);
    }
    return { ...result, attempt: previous.attempt + 1 };
  }, initialFormState(initialValues));

  // After a refused save, take the person to the first field to fix (or to the message).
  useEffect(() => {
    if (state.attempt === 0 || state.ok) return;
    const firstInvalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (firstInvalid ?? alertRef.current)?.focus();
  }, [state]);

  const fieldErrorCount = Object.keys(state.fieldErrors).length;
  const idPrefix = `${def.singular.replace(/\W+/g, '-')}`;

  return (
    // key: a fresh form per answer, so inputs show what was sent back rather than React's form reset.
    <form key={state.attempt} ref={formRef} action={formAction} noValidate className="form" aria-busy={pending || undefined}>
      {state.formError || fieldErrorCount > 0 ? (
        <div ref={alertRef} role="alert" tabIndex={-1} className="notice notice--error">
          {state.formError ?? (fieldErrorCount === 1 ? 'Please correct the highlighted field.' : `Please correct the ${fieldErrorCount} highlighted fields.`)}
        </div>
      ) : null}
      {state.requestId && state.formError ? <p className="muted small">Reference: {state.requestId}</p> : null}
      <div className="form__grid">
        {def.fields.map((field) => (
          <Field
            key={field.name}
            id={`${idPrefix}-${field.name}`}
            name={field.name}
            label={field.label}
            defaultValue={state.values[field.name] ?? ''}
            error={state.fieldErrors[field.name]}
            hint={field.hint}
            required={field.kind !== 'link'}
            {...control(field, linkOptions)}
          />
        ))}
      </div>
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={pending}>
          Save
        </button>
        <Link href={def.path} className="button button--secondary">
          Cancel
        </Link>
        {pending ? (
          <span className="muted small" aria-hidden="true">
            Saving…
          </span>
        ) : null}
      </div>
    </form>
  );
}
