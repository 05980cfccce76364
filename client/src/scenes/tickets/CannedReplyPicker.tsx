import { fillPlaceholders, type CannedReplyPlaceholder } from '@relaydesk/shared';
import clsx from 'clsx';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { filterCannedReplies, useCannedReplies } from '../../api/cannedReplies.js';
import { describeError } from '../../api/client.js';

/** What a canned reply's placeholders become on this ticket. */
export type PlaceholderValues = Partial<Record<CannedReplyPlaceholder, string>>;

/**
 * A search box over the caller's canned replies with the matching ones below it.
 * Arrow keys move, Enter or a click inserts, Escape closes. The chosen body is
 * handed over with its placeholders filled in.
 */
export function CannedReplyPicker({ values, onPick, onClose }: { values: PlaceholderValues; onPick(text: string): void; onClose(): void }) {
  const replies = useCannedReplies();
  const [search, setSearch] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const searchRef = useRef<HTMLInputElement>(null);
  const matches = filterCannedReplies(replies.data ?? [], search);
  const current = matches[Math.min(active, matches.length - 1)];

  useEffect(() => searchRef.current?.focus(), []);

  const choose = (index: number) => {
    const reply = matches[index];
    if (reply) onPick(fillPlaceholders(reply.body, values));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (matches.length === 0) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (Math.min(i, matches.length - 1) + step + matches.length) % matches.length);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      choose(Math.min(active, matches.length - 1));
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
    }
  };

  return (
    <div className="rounded-box border border-base-300 bg-base-100 p-2 shadow-lg" data-testid="canned-reply-picker">
      <input
        ref={searchRef}
        type="search"
        className="input input-sm w-full"
        placeholder="Search canned replies…"
        aria-label="Search canned replies"
        role="combobox"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={current ? `${listId}-${current.id}` : undefined}
        value={search}
        maxLength={100}
        onChange={(e) => {
          setSearch(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      {replies.isPending ? (
        <p className="p-2 text-sm opacity-70">Loading canned replies…</p>
      ) : replies.isError ? (
        <p className="p-2 text-sm text-error" role="alert">
          {describeError(replies.error)}
        </p>
      ) : matches.length === 0 ? (
        <p className="p-2 text-sm opacity-70">{search ? 'No canned reply matches.' : 'No canned replies yet.'}</p>
      ) : (
        <ul id={listId} role="listbox" aria-label="Canned replies" className="mt-1 max-h-60 overflow-y-auto">
          {matches.map((reply, index) => (
            <li
              key={reply.id}
              id={`${listId}-${reply.id}`}
              role="option"
              aria-selected={reply === current}
              className={clsx('cursor-pointer rounded px-2 py-1.5', reply === current && 'bg-base-200')}
              // Keeps focus in the search box, so the keyboard keeps working after a hover.
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(index)}
              onClick={() => choose(index)}
            >
              <span className="block text-sm font-medium">{reply.title}</span>
              <span className="block truncate text-xs opacity-70">{reply.body}</span>
            </li>
          ))}
        </ul>
      )}
      <p className="px-2 pt-1 text-xs opacity-60">↑↓ to move, Enter to insert, Esc to close</p>
    </div>
  );
}

/** Whether the caret sits where a `/` would begin a line (an empty composer included). */
export function isAtLineStart(text: string, caret: number): boolean {
  return caret === 0 || text[caret - 1] === '\n';
}

/**
 * The composer's side of the picker: `/` at the start of a line (or the button)
 * opens it, and the chosen text goes where the caret was. `read` and `write` reach
 * the composer's field, whatever form library holds it.
 */
export function useCannedReplyInsertion({ enabled, read, write }: { enabled: boolean; read(): string; write(text: string): void }) {
  const [isOpen, setOpen] = useState(false);
  const textareaRef = useRef<HTMLTextAreaElement | null>(null);
  const selection = useRef<{ start: number; end: number } | null>(null);
  const caretAfterInsert = useRef<number | null>(null);

  useEffect(() => {
    if (isOpen || caretAfterInsert.current === null) return;
    const el = textareaRef.current;
    const caret = caretAfterInsert.current;
    caretAfterInsert.current = null;
    el?.focus();
    el?.setSelectionRange(caret, caret);
  }, [isOpen]);

  const open = () => {
    const el = textareaRef.current;
    selection.current = el ? { start: el.selectionStart, end: el.selectionEnd } : null;
    setOpen(true);
  };

  return {
    isOpen,
    textareaRef,
    open,
    onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
      if (!enabled || e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      const el = e.currentTarget;
      if (el.selectionStart !== el.selectionEnd || !isAtLineStart(el.value, el.selectionStart)) return;
      e.preventDefault();
      open();
    },
    insert(text: string) {
      const current = read();
      const { start, end } = selection.current ?? { start: current.length, end: current.length };
      write(current.slice(0, start) + text + current.slice(end));
      caretAfterInsert.current = start + text.length;
      setOpen(false);
    },
    close() {
      caretAfterInsert.current = selection.current?.start ?? null;
      setOpen(false);
    },
  };
}
