import type { ReactNode } from 'react';
import { describeError } from '../api/client.js';

/** A spinner with a label that screen readers announce. */
export function LoadingState({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="flex items-center justify-center gap-3 py-10 opacity-80" role="status">
      <span className="loading loading-spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

/** What an empty list says, with an optional way forward. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-box border border-dashed border-base-content/20 px-6 py-10 text-center">
      <p className="font-medium">{title}</p>
      {children && <div className="mt-2 text-sm opacity-80">{children}</div>}
    </div>
  );
}

/** A failed load, with the reason and a retry button. */
export function ErrorState({ error, onRetry, title = 'Could not load this.' }: { error: unknown; onRetry?: () => void; title?: string }) {
  return (
    <div role="alert" className="alert alert-error alert-soft">
      <div>
        <p className="font-medium">{title}</p>
        <p className="text-sm">{describeError(error)}</p>
      </div>
      {onRetry && (
        <button type="button" className="btn btn-sm" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
