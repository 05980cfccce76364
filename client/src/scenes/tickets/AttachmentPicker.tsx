import { ATTACHMENT_ACCEPT } from '@relaydesk/shared';
import { useQueryClient } from '@tanstack/react-query';
import clsx from 'clsx';
import { useCallback, useEffect, useRef, useState, type ClipboardEvent, type DragEvent } from 'react';
import { describeUploadError, uploadAttachment } from '../../api/attachments.js';
import { queryKeys } from '../../api/queryKeys.js';
import { formatFileSize } from './AttachmentList.js';
import { FileIcon, PaperclipIcon } from './attachmentIcons.js';

/** A file chosen in the composer, waiting to go with the next comment. */
export interface DraftFile {
  key: number;
  file: File;
  /** A local preview for images, before anything is uploaded. */
  previewUrl: string | null;
  /** 0 to 1 while uploading; null before. */
  progress: number | null;
  error: string | null;
}

let nextKey = 0;

/**
 * Files picked, dropped or pasted into a composer, and their upload once the comment they
 * belong to exists (a file on a note is then as private as the note). Files that fail stay
 * with their error so the person can remove them or send them again.
 */
export function useAttachmentDrafts(ticketId: string) {
  const queryClient = useQueryClient();
  const [drafts, setDrafts] = useState<DraftFile[]>([]);
  const [isDragging, setDragging] = useState(false);
  const draftsRef = useRef(drafts);
  draftsRef.current = drafts;

  useEffect(() => () => draftsRef.current.forEach((d) => d.previewUrl && URL.revokeObjectURL(d.previewUrl)), []);

  const add = useCallback((files: Iterable<File>) => {
    const added = [...files].map<DraftFile>((file) => ({
      key: ++nextKey,
      file,
      previewUrl: file.type.startsWith('image/') ? URL.createObjectURL(file) : null,
      progress: null,
      error: null,
    }));
    if (added.length) setDrafts((current) => [...current, ...added]);
  }, []);

  const remove = useCallback((key: number) => {
    setDrafts((current) => {
      const gone = current.find((d) => d.key === key);
      if (gone?.previewUrl) URL.revokeObjectURL(gone.previewUrl);
      return current.filter((d) => d.key !== key);
    });
  }, []);

  const update = (key: number, change: Partial<DraftFile>) => setDrafts((current) => current.map((d) => (d.key === key ? { ...d, ...change } : d)));

  /** Uploads every waiting file to the comment, one at a time; resolves with how many failed. */
  const uploadAll = useCallback(
    async (commentId: string): Promise<number> => {
      let failed = 0;
      const pending = [...draftsRef.current];
      for (const draft of pending) {
        update(draft.key, { progress: 0, error: null });
        try {
          await uploadAttachment({ ticketId, file: draft.file, commentId, onProgress: (p) => update(draft.key, { progress: p ?? 0 }) });
          remove(draft.key);
        } catch (error) {
          failed += 1;
          update(draft.key, { progress: null, error: describeUploadError(error, draft.file.name) });
        }
      }
      if (failed < pending.length) void queryClient.invalidateQueries({ queryKey: queryKeys.tickets.comments(ticketId) });
      return failed;
    },
    [queryClient, remove, ticketId],
  );

  /** Handlers for the element that takes dropped files and pasted screenshots. */
  const dropTargetProps = {
    onPaste(event: ClipboardEvent) {
      const files = [...event.clipboardData.files];
      if (files.length === 0) return;
      // A pasted screenshot comes with no text; pasted text stays a normal paste.
      if (!event.clipboardData.getData('text/plain')) event.preventDefault();
      add(files);
    },
    onDragOver(event: DragEvent) {
      if (![...event.dataTransfer.types].includes('Files')) return;
      event.preventDefault();
      setDragging(true);
    },
    onDragLeave() {
      setDragging(false);
    },
    onDrop(event: DragEvent) {
      if (event.dataTransfer.files.length === 0) return;
      event.preventDefault();
      setDragging(false);
      add(event.dataTransfer.files);
    },
  };

  return { drafts, add, remove, uploadAll, isDragging, dropTargetProps };
}

export type AttachmentDrafts = ReturnType<typeof useAttachmentDrafts>;

/**
 * The composer's file controls: a button opening the file chooser, and each chosen file
 * with its thumbnail, size, upload progress and, when refused, the reason.
 */
export function AttachmentPicker({ drafts, disabled = false }: { drafts: AttachmentDrafts; disabled?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className={clsx('flex flex-col gap-2 rounded-box', drafts.isDragging && 'outline-primary outline-2 outline-dashed')}>
      <div className="flex items-center gap-2">
        <button type="button" className="btn btn-ghost btn-xs" onClick={() => input.current?.click()} disabled={disabled}>
          <PaperclipIcon /> Attach files
        </button>
        <span className="text-xs opacity-60">or drop them here, or paste a screenshot</span>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          accept={ATTACHMENT_ACCEPT}
          aria-label="Attach files"
          data-testid="attachment-input"
          onChange={(event) => {
            drafts.add(event.target.files ?? []);
            event.target.value = '';
          }}
        />
      </div>
      {drafts.drafts.length > 0 && (
        <ul className="flex flex-col gap-2" aria-label="Files to attach">
          {drafts.drafts.map((draft) => (
            <li key={draft.key} className="flex items-center gap-2 text-sm" data-testid="draft-attachment">
              {draft.previewUrl ? (
                <img src={draft.previewUrl} alt="" className="rounded-box h-10 w-10 object-cover" />
              ) : (
                <span className="rounded-box bg-base-200 flex h-10 w-10 items-center justify-center">
                  <FileIcon />
                </span>
              )}
              <div className="min-w-0 flex-1">
                <p className="truncate">
                  {draft.file.name} <span className="opacity-60">({formatFileSize(draft.file.size)})</span>
                </p>
                {draft.progress !== null && (
                  <progress className="progress progress-primary w-full" value={draft.progress} max={1} aria-label={`Uploading ${draft.file.name}`} />
                )}
                {draft.error && (
                  <p role="alert" className="text-error text-xs">
                    {draft.error}
                  </p>
                )}
              </div>
              <button
                type="button"
                className="btn btn-ghost btn-xs"
                onClick={() => drafts.remove(draft.key)}
                disabled={draft.progress !== null}
                aria-label={`Remove ${draft.file.name}`}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
