import { ATTACHMENT_CONTENT_TYPES, type AttachmentContentType } from '@relaydesk/shared';
import { fileTypeFromBuffer } from 'file-type';

/** What the bytes turned out to be, or why they are refused. */
export type SniffVerdict = { ok: true; contentType: AttachmentContentType } | { ok: false; message: string };

const ACCEPTED_LIST = 'images (PNG, JPEG, GIF, WebP), PDF, plain text and logs, JSON, CSV or zip';

/** Other spellings of the accepted types that browsers and tools send. */
const ALIASES: Readonly<Record<string, AttachmentContentType>> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'application/x-zip-compressed': 'application/zip',
  'application/x-zip': 'application/zip',
  'text/x-log': 'text/plain',
  'text/log': 'text/plain',
  'text/markdown': 'text/plain',
  'text/x-markdown': 'text/plain',
  'text/comma-separated-values': 'text/csv',
  'text/x-csv': 'text/csv',
  'application/csv': 'text/csv',
  'text/json': 'application/json',
};

/** Claims that say nothing about the content: the type is decided from the bytes alone. */
const GENERIC_CLAIMS = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/unknown']);

const TEXT_TYPES: ReadonlySet<string> = new Set<AttachmentContentType>(['text/plain', 'text/csv', 'application/json']);

/**
 * Markup at the start of a "text" file: HTML, SVG or XML, which a browser would run or
 * render if it ever ignored our headers. Nobody needs to send these as a log.
 */
const MARKUP_START = /^\s*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|script[\s>]|svg[\s>]|\?xml|iframe[\s>])/i;

const isAccepted = (type: string): type is AttachmentContentType => (ATTACHMENT_CONTENT_TYPES as readonly string[]).includes(type);

/** The claimed type in its plain form: lower case, no parameters, aliases resolved. */
export function normaliseClaimedType(claimed: string | undefined): string {
  const bare = (claimed ?? '').split(';')[0]!.trim().toLowerCase();
  return ALIASES[bare] ?? bare;
}

/**
 * Text as a person or a program writes it: valid UTF-8 without NUL bytes. A UTF-8 byte
 * order mark is allowed. Text has no magic bytes, so this is the whole check there is.
 */
export function readAsText(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Decides an upload's content type from its bytes, never from its name: binary formats by
 * their signature (the `file-type` package), text by being valid UTF-8 without NUL bytes,
 * JSON by parsing. Refuses a type outside the allow-list, and bytes that are not what the
 * upload claims to be (HTML sent as `image/png`, a JPEG sent as `image/png`).
 */
export async function sniffContentType(bytes: Uint8Array, claimedType: string | undefined): Promise<SniffVerdict> {
  const claim = normaliseClaimedType(claimedType);
  const claimIsGeneric = GENERIC_CLAIMS.has(claim);
  const claimed = claimIsGeneric ? '' : ` (sent as ${claim})`;

  const detected = await fileTypeFromBuffer(bytes);
  if (detected) {
    const type = ALIASES[detected.mime] ?? detected.mime;
    if (!isAccepted(type)) {
      return { ok: false, message: `files of type ${detected.mime} (.${detected.ext}) are not accepted${claimed}; send ${ACCEPTED_LIST}` };
    }
    if (!claimIsGeneric && claim !== type) {
      return { ok: false, message: `the file is sent as ${claim} but its bytes are ${type}` };
    }
    return { ok: true, contentType: type };
  }

  const text = readAsText(bytes);
  if (text === null) {
    return { ok: false, message: `the file's type could not be recognised from its bytes${claimed}; send ${ACCEPTED_LIST}` };
  }
  if (!claimIsGeneric && !TEXT_TYPES.has(claim)) {
    return isAccepted(claim)
      ? { ok: false, message: `the file is sent as ${claim} but its bytes are text` }
      : { ok: false, message: `files of type ${claim} are not accepted; send ${ACCEPTED_LIST}` };
  }
  if (MARKUP_START.test(text)) {
    return { ok: false, message: 'the file is HTML, SVG or XML markup, which is not accepted; send it zipped' };
  }
  const looksLikeJson = /^\uFEFF?\s*[[{]/.test(text);
  if (claim === 'application/json' || (claimIsGeneric && looksLikeJson)) {
    try {
      JSON.parse(text.replace(/^\uFEFF/, ''));
      return { ok: true, contentType: 'application/json' };
    } catch (err) {
      if (claim === 'application/json') return { ok: false, message: `the file is sent as JSON but does not parse: ${(err as Error).message}` };
    }
  }
  return { ok: true, contentType: claim === 'text/csv' ? 'text/csv' : 'text/plain' };
}

/** Control characters, and the bidirectional overrides that make `exe.png` read as `gnp.exe`. */
// eslint-disable-next-line no-control-regex
const UNSHOWABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
export const FILE_NAME_MAX = 200;

/**
 * The name a file is shown and downloaded under: the last segment of whatever path the
 * browser sent, without control or direction-override characters, at most 200 characters
 * (the extension kept). It is only ever displayed; storage keys are generated ids.
 */
export function cleanFileName(raw: string | undefined): string {
  const lastSegment = (raw ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = lastSegment.normalize('NFC').replace(UNSHOWABLE, '').replace(/\s+/g, ' ').trim();
  if (!cleaned || cleaned === '.' || cleaned === '..') return 'attachment';
  const chars = [...cleaned];
  if (chars.length <= FILE_NAME_MAX) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 && cleaned.length - dot <= 12 ? cleaned.slice(dot) : '';
  return chars.slice(0, FILE_NAME_MAX - [...ext].length).join('') + ext;
}
