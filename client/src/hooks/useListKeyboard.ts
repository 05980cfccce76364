import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { useKeyboardShortcuts } from './useKeyboardShortcuts.js';

/** A list's single-key shortcuts, as the `?` dialog lists them. */
export const LIST_SHORTCUTS = [
  { key: 'j', description: 'Next ticket' },
  { key: 'k', description: 'Previous ticket' },
  { key: 'Enter', description: 'Open the selected ticket' },
  { key: '?', description: 'Show these shortcuts' },
] as const;

/**
 * Keyboard navigation over a list of tickets: `j`/`k` move the active row, `Enter`
 * opens it, `?` asks for the shortcuts dialog. The active row starts unset and is
 * reset whenever `items` changes (another page or view).
 */
export function useListKeyboard(items: ReadonlyArray<{ id: string }>) {
  const navigate = useNavigate();
  const [activeIndex, setActiveIndex] = useState(-1);
  const [showShortcuts, setShowShortcuts] = useState(false);

  useEffect(() => setActiveIndex(-1), [items]);
  useEffect(() => {
    const id = items[activeIndex]?.id;
    if (!id) return;
    // jsdom has no scrollIntoView.
    document.querySelector<HTMLElement>(`[data-ticket-id="${id}"]`)?.scrollIntoView?.({ block: 'nearest' });
  }, [activeIndex, items]);

  useKeyboardShortcuts([
    { ...LIST_SHORTCUTS[0], run: () => setActiveIndex((i) => Math.min(items.length - 1, i + 1)) },
    { ...LIST_SHORTCUTS[1], run: () => setActiveIndex((i) => Math.max(0, i - 1)) },
    {
      ...LIST_SHORTCUTS[2],
      run: () => {
        const ticket = items[activeIndex];
        if (ticket) void navigate(`/tickets/${ticket.id}`);
      },
    },
    { ...LIST_SHORTCUTS[3], run: () => setShowShortcuts(true) },
  ]);

  return { activeIndex, showShortcuts, openShortcuts: () => setShowShortcuts(true), closeShortcuts: () => setShowShortcuts(false) };
}
