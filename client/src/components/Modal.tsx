import clsx from 'clsx';
import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A modal dialog on the native `<dialog>`: focus is trapped and Escape closes it.
 * Mount it to open it; `onClose` runs on Escape, on a click outside and when the
 * caller's own buttons call it, and must unmount it.
 */
export function Modal({
  labelledBy,
  onClose,
  className,
  role,
  children,
}: {
  /** The id of the heading that names the dialog. */
  labelledBy: string;
  onClose(): void;
  className?: string;
  /** `alertdialog` for a question that needs an answer. */
  role?: 'dialog' | 'alertdialog';
  children: ReactNode;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog || dialog.open) return;
    // jsdom has no showModal; there the dialog is simply shown.
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else dialog.setAttribute('open', '');
  }, []);

  return (
    <dialog ref={dialogRef} className="modal" onClose={onClose} aria-labelledby={labelledBy} role={role}>
      <div className={clsx('modal-box flex flex-col gap-3', className)}>{children}</div>
      <form method="dialog" className="modal-backdrop">
        <button type="submit" aria-label="Close">
          close
        </button>
      </form>
    </dialog>
  );
}
