import { useEffect, useRef } from 'react';

/** A single-key shortcut and what it does; `description` is what the shortcuts dialog lists. */
export interface Shortcut {
  key: string;
  description: string;
  run(event: KeyboardEvent): void;
}

/** Whether the key press belongs to something the person is typing into. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
}

/**
 * Single-key shortcuts for a screen, listened to on the document. Ignored while the
 * person types in a field, with a modifier held (Ctrl, Alt, Meta: the browser's and
 * the system's own shortcuts), and while a dialog is open.
 */
export function useKeyboardShortcuts(shortcuts: Shortcut[], enabled = true) {
  // The latest handlers without re-subscribing on every render.
  const current = useRef(shortcuts);
  current.current = shortcuts;
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) return;
      if (isTypingTarget(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const shortcut = current.current.find((s) => s.key === event.key);
      if (!shortcut) return;
      event.preventDefault();
      shortcut.run(event);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
