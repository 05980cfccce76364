import clsx from 'clsx';
import { useId, type ReactElement, type ReactNode } from 'react';

/** The props a control receives so its label, hint and error are announced with it. */
interface FieldControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

/**
 * A labelled form control with its hint and error message. The control is a
 * render function so it gets the id and ARIA wiring without guessing.
 */
export function FormField({
  label,
  error,
  hint,
  children,
  className,
}: {
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  children: (props: FieldControlProps) => ReactElement;
  className?: string;
}) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={clsx('fieldset py-1', className)}>
      <label htmlFor={id} className="fieldset-legend pb-1 text-sm">
        {label}
      </label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy })}
      {error && (
        <p id={errorId} className="text-sm text-error">
          {error}
        </p>
      )}
      {hint && !error && (
        <p id={hintId} className="label text-xs whitespace-normal">
          {hint}
        </p>
      )}
    </div>
  );
}

/** A form-level error (one that belongs to no single field). */
export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <div role="alert" className="alert alert-error alert-soft text-sm">
      {message}
    </div>
  );
}

/** A form's primary submit button: disabled with a spinner while the form is being sent. */
export function SubmitButton({ busy, className, children }: { busy: boolean; className?: string; children: ReactNode }) {
  return (
    <button type="submit" className={clsx('btn btn-primary', className)} disabled={busy}>
      {busy && <span className="loading loading-spinner loading-sm" aria-hidden="true" />}
      {children}
    </button>
  );
}
