import { attachmentResponseSchema, errorBodySchema, type Attachment } from '@relaydesk/shared';
import { useEffect, useState } from 'react';
import { ApiError, buildApiUrl, renewAccessToken, tokenStore } from './client.js';

/** How far an upload has got, 0 to 1; `null` while the browser cannot tell. */
export type UploadProgress = (fraction: number | null) => void;

interface UploadInput {
  ticketId: string;
  file: File;
  /** The comment (or note) the file belongs to. */
  commentId?: string;
  onProgress?: UploadProgress;
  signal?: AbortSignal;
}

/**
 * Sends one file with XMLHttpRequest rather than fetch: only XHR reports upload progress.
 * Authenticates like every API call (bearer token, renewed once on 401), and rejects with
 * an ApiError carrying the server's code (413 payload_too_large, 415 unsupported_media_type...).
 */
export async function uploadAttachment(input: UploadInput): Promise<Attachment> {
  const token = tokenStore.get();
  try {
    return await sendUpload(input, token);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401 || !token) throw error;
    const renewed = await renewAccessToken(token);
    if (!renewed) throw error;
    return sendUpload(input, renewed);
  }
}

function sendUpload({ ticketId, file, commentId, onProgress, signal }: UploadInput, token: string | null): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', buildApiUrl(`/tickets/${ticketId}/attachments`));
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (event) => onProgress?.(event.lengthComputable && event.total > 0 ? event.loaded / event.total : null);
    xhr.onload = () => {
      let payload: unknown;
      try {
        payload = JSON.parse(xhr.responseText) as unknown;
      } catch {
        payload = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        const parsed = attachmentResponseSchema.safeParse(payload);
        if (parsed.success) resolve(parsed.data.attachment);
        else reject(new ApiError(xhr.status, 'bad_response', 'unexpected answer from the server'));
        return;
      }
      const error = errorBodySchema.safeParse(payload);
      reject(
        error.success
          ? new ApiError(xhr.status, error.data.error.code, error.data.error.message, error.data.error.details ?? [])
          : new ApiError(xhr.status, xhr.status === 413 ? 'payload_too_large' : 'bad_response', `the upload failed (HTTP ${xhr.status})`),
      );
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'cannot reach the server; check your connection'));
    xhr.onabort = () => reject(new DOMException('upload cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    // The comment id goes first so the server knows where the file belongs before its bytes arrive.
    if (commentId) form.append('commentId', commentId);
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/**
 * What to tell a person whose file was refused, one message per refusal: the server's own
 * explanation for a type problem, the limit for a file too large, who may attach for 403.
 */
export function describeUploadError(error: unknown, fileName: string): string {
  if (!(error instanceof ApiError)) return `${fileName}: the upload failed.`;
  switch (error.code) {
    case 'payload_too_large':
      return `${fileName} is too large: ${error.message}.`;
    case 'unsupported_media_type':
      return `${fileName} was refused: ${error.message}. Accepted: images, PDF, text and logs, JSON, CSV and zip.`;
    case 'forbidden':
      return `${fileName}: you may not attach files here (${error.message}).`;
    case 'not_found':
      return `${fileName}: the ticket or comment is no longer there for you.`;
    case 'network':
      return `${fileName}: cannot reach the server; check your connection and try again.`;
    default:
      return `${fileName}: ${error.message}.`;
  }
}

/** The file's bytes, fetched with the session's token (an <img src> could not send it). */
export async function fetchAttachmentBlob(attachmentId: string, signal?: AbortSignal): Promise<Blob> {
  const request = (token: string | null) =>
    fetch(buildApiUrl(`/attachments/${attachmentId}`), { headers: token ? { Authorization: `Bearer ${token}` } : {}, signal });
  const token = tokenStore.get();
  let response = await request(token);
  if (response.status === 401 && token) {
    const renewed = await renewAccessToken(token);
    if (renewed) response = await request(renewed);
  }
  if (!response.ok) throw new ApiError(response.status, response.status === 404 ? 'not_found' : 'bad_response', `could not fetch the file (HTTP ${response.status})`);
  return response.blob();
}

/**
 * An object URL for an attachment's bytes while the component is mounted (revoked after),
 * or null until it has loaded or when it could not be.
 */
export function useAttachmentUrl(attachmentId: string | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!attachmentId) return;
    const controller = new AbortController();
    let created: string | null = null;
    fetchAttachmentBlob(attachmentId, controller.signal)
      .then((blob) => {
        created = URL.createObjectURL(blob);
        setUrl(created);
      })
      .catch(() => setUrl(null));
    return () => {
      controller.abort();
      if (created) URL.revokeObjectURL(created);
    };
  }, [attachmentId]);
  return url;
}

/** Saves an attachment to the person's device under its name. */
export async function saveAttachment(attachment: Pick<Attachment, 'id' | 'name'>): Promise<void> {
  const url = URL.createObjectURL(await fetchAttachmentBlob(attachment.id));
  const link = document.createElement('a');
  link.href = url;
  link.download = attachment.name;
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser the click before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
