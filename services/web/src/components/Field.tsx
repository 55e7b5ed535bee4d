// A labelled form control with its error (aria-invalid + aria-describedby -> the message) or hint.
// Used by the sign-in/up forms and the generic resource form.
import type { Option } from '@/lib/resources';

interface BaseProps {
  id: string;
  name: string;
  label: string;
  defaultValue: string;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
}

interface InputProps extends BaseProps {
  control?: 'input';
  type?: 'text' | 'email' | 'password' | 'date';
  inputMode?: 'text' | 'decimal' | 'email';
  autoComplete?: string;
  /** Shown before the input and hidden from screen readers (e.g. "$"). */
  prefix?: string;
}

interface SelectProps extends BaseProps {
  control: 'select';
  options: readonly Option[];
}

export function Field(props: InputProps | SelectProps) {
  const { id, name, label, defaultValue, error, hint, required } = props;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = error ? errorId : hint ? hintId : undefined;
  const shared = {
    id,
    name,
    defaultValue,
    'aria-invalid': error ? (true as const) : undefined,
    'aria-describedby': describedBy,
    'aria-required': required ? (true as const) : undefined,
  };

  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {hint && !error ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
      {props.control === 'select' ? (
        <select {...shared}>
          {props.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      ) : (
        <div className={props.prefix ? 'field__affixed' : undefined}>
          {props.prefix ? (
            <span className="field__prefix" aria-hidden="true">
              {props.prefix}
            </span>
          ) : null}
          <input
            {...shared}
            type={props.type ?? 'text'}
            inputMode={props.inputMode}
            autoComplete={props.autoComplete}
            spellCheck={props.type === 'email' ? false : undefined}
          />
        </div>
      )}
      {error ? (
        <p id={errorId} className="field__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
