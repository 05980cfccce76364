import { createHash } from 'node:crypto';
import type { Attachment, Comment, TicketEvent } from '@relaydesk/shared';
import { describe, expect, it } from 'vitest';
import { createTestTicket, createTestUser, useTestApp, type TestUser } from '../test/harness.js';
import { collect, useSocketServer } from '../test/socketHarness.js';
import { AttachmentModel } from './model.js';

/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
/** The start of a Windows executable: the DOS header and the PE signature it points to. */
const EXE = (() => {
  const bytes = Buffer.alloc(256);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'latin1');
  return bytes;
})();

const MAX_BYTES = 64 * 1024;
const app = useTestApp({ ATTACHMENT_MAX_BYTES: String(MAX_BYTES) });
const server = useSocketServer(app);

async function cast() {
  const requester = await createTestUser(app.ctx);
  const assignee = await createTestUser(app.ctx, { role: 'moderator' });
  const admin = await createTestUser(app.ctx, { role: 'admin' });
  const stranger = await createTestUser(app.ctx);
  const otherModerator = await createTestUser(app.ctx, { role: 'moderator' });
  const { id } = await createTestTicket(app.ctx, requester, { title: 'Screen goes blank', assignee });
  return { requester, assignee, admin, stranger, otherModerator, id };
}

interface UploadOptions {
  name?: string;
  contentType?: string;
  commentId?: string;
}
const upload = (who: TestUser, ticketId: string, bytes: Buffer, { name = 'screenshot.png', contentType = 'image/png', commentId }: UploadOptions = {}) => {
  const req = app.request.post(`/api/tickets/${ticketId}/attachments`).set(who.auth);
  if (commentId) req.field('commentId', commentId);
  return req.attach('file', bytes, { filename: name, contentType });
};
const download = (who: TestUser, attachmentId: string) =>
  app.request
    .get(`/api/attachments/${attachmentId}`)
    .set(who.auth)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
const comment = async (who: TestUser, ticketId: string, body: string, internal = false) =>
  (await app.request.post(`/api/tickets/${ticketId}/comments`).set(who.auth).send({ body, internal }).expect(201)).body.comment as Comment;
const commentsSeenBy = async (who: TestUser, ticketId: string) =>
  (await app.request.get(`/api/tickets/${ticketId}/comments`).set(who.auth).expect(200)).body.items as Comment[];
const timelineSeenBy = async (who: TestUser, ticketId: string) =>
  (await app.request.get(`/api/tickets/${ticketId}`).set(who.auth).expect(200)).body.ticket.timeline as TicketEvent[];
const listSeenBy = async (who: TestUser, ticketId: string) =>
  (await app.request.get(`/api/tickets/${ticketId}/attachments`).set(who.auth).expect(200)).body.items as Attachment[];

describe('uploading an attachment', () => {
  it('stores a screenshot with its sniffed type, size and hash, and answers 201 with the attachment', async () => {
    const { requester, id } = await cast();
    const res = await upload(requester, id, PNG, { name: 'screen shot.png' });
    expect(res.status).toBe(201);
    expect(res.body.attachment).toMatchObject({
      ticketId: id,
      commentId: null,
      name: 'screen shot.png',
      size: PNG.length,
      contentType: 'image/png',
      internal: false,
      uploadedBy: { id: requester.actor.id },
      abilities: { download: true },
    });
    const stored = await AttachmentModel.findById(res.body.attachment.id).lean();
    expect(stored).toMatchObject({ sha256: createHash('sha256').update(PNG).digest('hex'), store: 'gridfs', contentType: 'image/png' });
  });

  it('decides the type from the bytes: a PDF named .png and sent as octet-stream is a PDF', async () => {
    const { requester, id } = await cast();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
    const res = await upload(requester, id, pdf, { name: 'invoice.png', contentType: 'application/octet-stream' });
    expect(res.status).toBe(201);
    expect(res.body.attachment.contentType).toBe('application/pdf');
  });

  it('accepts logs as plain text and JSON as JSON', async () => {
    const { requester, id } = await cast();
    const log = await upload(requester, id, Buffer.from('2026-01-01 ERROR printer offline\n'), { name: 'app.log', contentType: 'text/x-log' });
    expect(log.body.attachment.contentType).toBe('text/plain');
    const json = await upload(requester, id, Buffer.from('{"error":"E42"}'), { name: 'dump.json', contentType: 'application/json' });
    expect(json.body.attachment.contentType).toBe('application/json');
  });

  it('names the file by its last path segment, so a path in the name goes nowhere', async () => {
    const { requester, id } = await cast();
    const res = await upload(requester, id, PNG, { name: '../../etc/passwd.png' }).expect(201);
    expect(res.body.attachment.name).toBe('passwd.png');
  });

  it('refuses a file over ATTACHMENT_MAX_BYTES with 413 payload_too_large and stores nothing', async () => {
    const { requester, id } = await cast();
    const big = Buffer.concat([PNG, Buffer.alloc(MAX_BYTES)]);
    const res = await upload(requester, id, big);
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'payload_too_large', message: expect.stringContaining('64 kB') });
    expect(await AttachmentModel.countDocuments({ ticket: id })).toBe(0);
  });

  it('refuses HTML sent as image/png with 415, saying the bytes are text', async () => {
    const { requester, id } = await cast();
    const res = await upload(requester, id, Buffer.from('<html><script>alert(1)</script></html>'), { name: 'cat.png', contentType: 'image/png' });
    expect(res.status).toBe(415);
    expect(res.body.error).toEqual({ code: 'unsupported_media_type', message: 'the file is sent as image/png but its bytes are text' });
  });

  it('refuses a Windows executable with 415 naming its type, whatever it claims', async () => {
    const { requester, id } = await cast();
    for (const contentType of ['application/octet-stream', 'image/png']) {
      const res = await upload(requester, id, EXE, { name: 'setup.png', contentType });
      expect(res.status).toBe(415);
      expect(res.body.error.message).toMatch(/application\/x-msdownload \(\.exe\) are not accepted/);
    }
    expect(await AttachmentModel.countDocuments({ ticket: id })).toBe(0);
  });

  it('refuses HTML sent as text/html (415), and a form without a file (400 naming `file`)', async () => {
    const { requester, id } = await cast();
    expect((await upload(requester, id, Buffer.from('<p>hi</p>'), { name: 'a.html', contentType: 'text/html' })).status).toBe(415);
    const noFile = await app.request.post(`/api/tickets/${id}/attachments`).set(requester.auth).field('commentId', '0'.repeat(24));
    expect(noFile.status).toBe(400);
    expect(noFile.body.error).toMatchObject({ code: 'validation_failed', details: [{ path: 'file', message: 'required' }] });
  });

  it('answers 400 naming the problem for a body that is not multipart and for a bad commentId', async () => {
    const { requester, id } = await cast();
    const json = await app.request.post(`/api/tickets/${id}/attachments`).set(requester.auth).send({ file: 'x' });
    expect(json.status).toBe(400);
    expect(json.body.error.message).toMatch(/multipart\/form-data/);
    const badId = await upload(requester, id, PNG, { commentId: 'nope' });
    expect(badId.status).toBe(400);
    expect(badId.body.error.details).toEqual([{ path: 'commentId', message: expect.stringContaining('24-character') }]);
  });

  it('refuses a stranger and a moderator with no part in the ticket with 404, before reading the file', async () => {
    const { stranger, otherModerator, id } = await cast();
    expect((await upload(stranger, id, PNG)).status).toBe(404);
    expect((await upload(otherModerator, id, PNG)).status).toBe(404);
  });

  it('attaches to the uploader’s own comment only, and lists the file on that comment', async () => {
    const { requester, assignee, id } = await cast();
    const mine = await comment(requester, id, 'Here is what I see');
    const theirs = await comment(assignee, id, 'Can you send a screenshot?');
    const forbidden = await upload(requester, id, PNG, { commentId: theirs.id });
    expect(forbidden.status).toBe(403);
    const res = await upload(requester, id, PNG, { commentId: mine.id }).expect(201);
    expect(res.body.attachment.commentId).toBe(mine.id);
    const listed = await commentsSeenBy(assignee, id);
    expect(listed.find((c) => c.id === mine.id)!.attachments!.map((a) => a.id)).toEqual([res.body.attachment.id]);
    expect(listed.find((c) => c.id === theirs.id)!.attachments).toEqual([]);
  });
});

describe('downloading an attachment', () => {
  it('streams the bytes with the sniffed type, nosniff and an inline disposition for images', async () => {
    const { requester, assignee, admin, id } = await cast();
    const { body } = await upload(requester, id, PNG, { name: 'écran.png' }).expect(201);
    for (const who of [requester, assignee, admin]) {
      const res = await download(who, body.attachment.id);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-disposition']).toBe(`inline; filename="?cran.png"; filename*=UTF-8''%C3%A9cran.png`);
      expect(Buffer.compare(res.body as Buffer, PNG)).toBe(0);
    }
  });

  it('sends everything but images as an attachment, text with a charset', async () => {
    const { requester, id } = await cast();
    const { body } = await upload(requester, id, Buffer.from('a,b\n1,2\n'), { name: 'data.csv', contentType: 'text/csv' }).expect(201);
    const res = await download(requester, body.attachment.id);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename=data.csv');
  });

  it('answers 404 to a stranger and to a moderator with no part in the ticket, and for an unknown id', async () => {
    const { requester, stranger, otherModerator, id } = await cast();
    const { body } = await upload(requester, id, PNG).expect(201);
    for (const who of [stranger, otherModerator]) {
      const res = await download(who, body.attachment.id);
      expect(res.status).toBe(404);
    }
    expect((await download(requester, '0'.repeat(24))).status).toBe(404);
  });
});

describe('a file on an internal note is as private as the note', () => {
  it('lets the assignee attach to their note; the requester cannot download it or see it in comments, lists or the timeline', async () => {
    const { requester, assignee, admin, id } = await cast();
    const note = await comment(assignee, id, 'Firmware dump attached', true);
    const res = await upload(assignee, id, Buffer.from('{"fw":"1.2.3"}'), { name: 'fw.json', contentType: 'application/json', commentId: note.id });
    expect(res.status).toBe(201);
    expect(res.body.attachment).toMatchObject({ internal: true, commentId: note.id });
    const fileId = res.body.attachment.id as string;

    expect((await download(requester, fileId)).status).toBe(404);
    expect((await download(assignee, fileId)).status).toBe(200);
    expect((await download(admin, fileId)).status).toBe(200);

    expect(await listSeenBy(requester, id)).toEqual([]);
    expect((await listSeenBy(admin, id)).map((a) => a.id)).toEqual([fileId]);
    const requesterSees = JSON.stringify(await commentsSeenBy(requester, id));
    expect(requesterSees).not.toContain(fileId);
    const requesterTimeline = await timelineSeenBy(requester, id);
    expect(requesterTimeline.map((e) => e.type)).not.toContain('note_attached');
    expect(JSON.stringify(requesterTimeline)).not.toContain(fileId);
    const staffTimeline = await timelineSeenBy(assignee, id);
    expect(staffTimeline.find((e) => e.type === 'note_attached')?.data).toMatchObject({ attachmentId: fileId, commentId: note.id });
  });

  it('does not let the requester attach to a note they cannot see (404)', async () => {
    const { requester, assignee, id } = await cast();
    const note = await comment(assignee, id, 'internal', true);
    expect((await upload(requester, id, PNG, { commentId: note.id })).status).toBe(404);
  });

  it('pushes attachment_added for a public file to everyone on the ticket, and for a note’s file to staff only', async () => {
    const { requester, assignee, admin, id } = await cast();
    const requesterClient = await server.connect(requester.token);
    const assigneeClient = await server.connect(assignee.token);
    const adminClient = await server.connect(admin.token);
    const heard = {
      requester: collect(requesterClient, 'attachment_added'),
      assignee: collect(assigneeClient, 'attachment_added'),
      admin: collect(adminClient, 'attachment_added'),
    };
    const note = await comment(assignee, id, 'see log', true);
    const secret = (await upload(assignee, id, Buffer.from('secret log line\n'), { name: 'x.log', contentType: 'text/plain', commentId: note.id }).expect(201)).body
      .attachment.id as string;
    const open = (await upload(requester, id, PNG).expect(201)).body.attachment.id as string;
    for (const client of [requesterClient, assigneeClient, adminClient]) await server.barrier(client);

    expect(heard.requester.map((p) => p.attachment.id)).toEqual([open]);
    expect(heard.assignee.map((p) => p.attachment.id)).toEqual([secret, open]);
    // Admins hear of public files only with the ticket open (its room), as with comments.
    expect(heard.admin.map((p) => p.attachment.id)).toEqual([secret]);
    expect(heard.assignee[0]).toMatchObject({ ticketId: id, attachment: { internal: true, name: 'x.log', contentType: 'text/plain' } });
  });
});
