import clsx from 'clsx';
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link } from 'react-router';

/** A short notice shown in the corner for a few seconds. */
interface Toast {
  id: number;
  message: string;
  tone: 'info' | 'success' | 'warning' | 'error';
  /** An optional link inside the app, e.g. to the ticket the toast is about. */
  link?: { to: string; label: string };
}

interface ToastContextValue {
  showToast(toast: Omit<Toast, 'id'>): void;
}

const ToastContext = createContext<ToastContextValue | null>(null);

const TOAST_LIFETIME_MS = 6_000;
const MAX_TOASTS = 4;

const TONE_CLASS: Record<Toast['tone'], string> = {
  info: 'alert-info',
  success: 'alert-success',
  warning: 'alert-warning',
  error: 'alert-error',
};

/** Shows toasts in an ARIA live region so screen readers announce them too. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((current) => current.filter((t) => t.id !== id)), []);

  const showToast = useCallback(
    (toast: Omit<Toast, 'id'>) => {
      const id = nextId.current++;
      setToasts((current) => [...current.slice(-(MAX_TOASTS - 1)), { ...toast, id }]);
      setTimeout(() => dismiss(id), TOAST_LIFETIME_MS);
    },
    [dismiss],
  );

  const value = useMemo(() => ({ showToast }), [showToast]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toast toast-end toast-bottom z-50 max-w-[calc(100vw-1rem)]" role="status" aria-live="polite">
        {toasts.map((toast) => (
          <div key={toast.id} className={clsx('alert shadow-lg', TONE_CLASS[toast.tone])}>
            <span className="break-words">{toast.message}</span>
            {toast.link && (
              <Link className="btn btn-sm" to={toast.link.to} onClick={() => dismiss(toast.id)}>
                {toast.link.label}
              </Link>
            )}
            <button type="button" className="btn btn-ghost btn-sm btn-circle" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
              ✕
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

/** Returns `showToast`. */
export function useToast(): ToastContextValue {
  const value = useContext(ToastContext);
  if (!value) throw new Error('useToast must be used inside <ToastProvider>');
  return value;
}
