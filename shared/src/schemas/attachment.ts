import { z } from 'zod';
import { isoDateSchema, objectIdSchema } from './common.js';
import { userRefSchema } from './user.js';

/**
 * The content types an attachment may have, decided by the server from the file's bytes
 * (never its name or the type the browser claims). Images are the only ones shown inline.
 */
export const ATTACHMENT_CONTENT_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/json',
  'application/zip',
] as const;
export type AttachmentContentType = (typeof ATTACHMENT_CONTENT_TYPES)[number];

/** Image types: shown inline, with a thumbnail. */
export const INLINE_ATTACHMENT_TYPES: readonly AttachmentContentType[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
export const isImageAttachment = (contentType: string) => (INLINE_ATTACHMENT_TYPES as readonly string[]).includes(contentType);

/** What a file input may offer the picker: the same allow-list, plus the extensions browsers map to it. */
export const ATTACHMENT_ACCEPT = `${ATTACHMENT_CONTENT_TYPES.join(',')},.log,.txt,.csv,.json,.zip`;

/** The default largest attachment, in bytes (the server's `ATTACHMENT_MAX_BYTES`). */
export const ATTACHMENT_MAX_BYTES_DEFAULT = 10 * 1024 * 1024;

export const ATTACHMENT_ACTIONS = ['download'] as const;
export type AttachmentAction = (typeof ATTACHMENT_ACTIONS)[number];
export const attachmentAbilitiesSchema = z.object({
  /** Fetch the file (`GET /api/attachments/:id`). */
  download: z.boolean(),
}) satisfies z.ZodType<Record<AttachmentAction, boolean>>;
export type AttachmentAbilities = z.infer<typeof attachmentAbilitiesSchema>;

/**
 * The text fields of an upload (`multipart/form-data`, beside the `file` part). With
 * `commentId`, the file belongs to that comment, and is as private as it is.
 */
export const attachmentUploadFieldsSchema = z.strictObject({
  commentId: objectIdSchema.optional(),
});
export type AttachmentUploadFields = z.infer<typeof attachmentUploadFieldsSchema>;

export const attachmentSchema = z.object({
  id: objectIdSchema,
  ticketId: objectIdSchema,
  /** The comment (or staff-only note) the file was attached to; null for the ticket itself. */
  commentId: objectIdSchema.nullable(),
  /** The name the uploader gave it, cleaned of paths and control characters; only ever shown. */
  name: z.string(),
  /** Bytes. */
  size: z.number().int().nonnegative(),
  /** Decided from the bytes. */
  contentType: z.enum(ATTACHMENT_CONTENT_TYPES),
  /** On a staff-only note: only people who may read notes are ever sent it. */
  internal: z.boolean(),
  uploadedBy: userRefSchema,
  createdAt: isoDateSchema,
  abilities: attachmentAbilitiesSchema,
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const attachmentResponseSchema = z.object({ attachment: attachmentSchema });
export const attachmentListResponseSchema = z.object({ items: z.array(attachmentSchema) });
export type AttachmentListResponse = z.infer<typeof attachmentListResponseSchema>;
