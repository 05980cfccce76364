import { Modal } from './Modal.js';

/** The keyboard shortcuts of the current screen, as `?` shows them. */
export function ShortcutsDialog({ shortcuts, onClose }: { shortcuts: ReadonlyArray<{ key: string; description: string }>; onClose(): void }) {
  return (
    <Modal labelledBy="shortcuts-title" onClose={onClose}>
      <h2 id="shortcuts-title" className="text-lg font-semibold">
        Keyboard shortcuts
      </h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        {shortcuts.map((s) => (
          <div key={s.key} className="contents">
            <dt>
              <kbd className="kbd kbd-sm">{s.key === 'Enter' ? '↵ Enter' : s.key}</kbd>
            </dt>
            <dd>{s.description}</dd>
          </div>
        ))}
      </dl>
      <p className="text-xs opacity-70">Shortcuts do nothing while you type in a field.</p>
      <button type="button" className="btn btn-sm self-end" onClick={onClose}>
        Close
      </button>
    </Modal>
  );
}
