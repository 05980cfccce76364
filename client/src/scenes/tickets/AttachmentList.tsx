import { isImageAttachment, type Attachment } from '@relaydesk/shared';
import { useState } from 'react';
import { saveAttachment, useAttachmentUrl } from '../../api/attachments.js';
import { describeError } from '../../api/client.js';
import { PaperclipIcon } from './attachmentIcons.js';

/** "12 kB", "3.4 MB". */
export function formatFileSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${bytes} B`;
}

/**
 * The files on a comment: images as thumbnails, everything else as a named chip. Each can
 * be saved where its abilities allow; the bytes are fetched with the session's token.
 */
export function AttachmentList({ attachments }: { attachments: readonly Attachment[] }) {
  if (attachments.length === 0) return null;
  return (
    <ul className="mt-2 flex flex-wrap gap-2" aria-label="Attachments">
      {attachments.map((attachment) => (
        <li key={attachment.id} data-testid="attachment">
          {isImageAttachment(attachment.contentType) ? <ImageAttachment attachment={attachment} /> : <FileAttachment attachment={attachment} />}
        </li>
      ))}
    </ul>
  );
}

function useSave(attachment: Attachment) {
  const [error, setError] = useState<string | null>(null);
  const save = () => {
    setError(null);
    saveAttachment(attachment).catch((e: unknown) => setError(describeError(e)));
  };
  return { save, error };
}

function ImageAttachment({ attachment }: { attachment: Attachment }) {
  const url = useAttachmentUrl(attachment.abilities.download ? attachment.id : null);
  const { save, error } = useSave(attachment);
  return (
    <figure className="flex w-32 flex-col gap-1">
      <button
        type="button"
        className="rounded-box bg-base-200 flex h-24 w-32 items-center justify-center overflow-hidden border border-base-300"
        onClick={save}
        disabled={!attachment.abilities.download}
        title={`Save ${attachment.name}`}
      >
        {url ? (
          <img src={url} alt={attachment.name} className="h-full w-full object-cover" data-testid="attachment-thumbnail" />
        ) : (
          <span className="loading loading-spinner loading-sm" aria-label={`Loading ${attachment.name}`} />
        )}
      </button>
      <figcaption className="truncate text-xs opacity-70" title={attachment.name}>
        {attachment.name} · {formatFileSize(attachment.size)}
      </figcaption>
      {error && (
        <p role="alert" className="text-error text-xs">
          {error}
        </p>
      )}
    </figure>
  );
}

function FileAttachment({ attachment }: { attachment: Attachment }) {
  const { save, error } = useSave(attachment);
  return (
    <div className="flex flex-col gap-1">
      {attachment.abilities.download ? (
        <button type="button" className="btn btn-outline btn-xs normal-case" onClick={save} title={`Save ${attachment.name}`}>
          <PaperclipIcon /> {attachment.name} <span className="opacity-60">({formatFileSize(attachment.size)})</span>
        </button>
      ) : (
        <span className="badge badge-ghost">
          {attachment.name} ({formatFileSize(attachment.size)})
        </span>
      )}
      {error && (
        <p role="alert" className="text-error text-xs">
          {error}
        </p>
      )}
    </div>
  );
}
