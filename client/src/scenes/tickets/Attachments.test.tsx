import type { Attachment, Comment, TicketAbilities } from '@relaydesk/shared';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi } from '../../test/fakeApi.js';
import { makeAttachment, makeComment, makeTicketDetail, makeUser, page, sessionOf, ticketAbilities } from '../../test/fixtures.js';
import { renderApp } from '../../test/renderApp.js';

const uma = { id: 'e'.repeat(24), name: 'Uma User', role: 'user' as const };

/** XMLHttpRequest as far as an upload uses it; each one waits for the test to answer it. */
class FakeUpload {
  static sent: FakeUpload[] = [];
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: FormData | null = null;
  status = 0;
  responseText = '';
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: FormData) {
    this.body = body;
    FakeUpload.sent.push(this);
  }
  abort() {
    this.onabort?.();
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total });
  }
  respond(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

beforeEach(() => {
  FakeUpload.sent = [];
  vi.stubGlobal('XMLHttpRequest', FakeUpload);
  let urls = 0;
  vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => `blob:test/${++urls}`), revokeObjectURL: vi.fn() }));
});

function setup(abilities: Partial<TicketAbilities> = {}, comments: Comment[] = []) {
  const self = makeUser({ id: uma.id, name: uma.name, role: 'user' });
  const ticket = makeTicketDetail({ createdBy: uma, abilities: ticketAbilities({ comment: true, ...abilities }) });
  let thread = comments.map((c) => ({ ...c, ticketId: ticket.id }));
  const api = fakeApi({
    'GET /api/auth/me': () => ({ body: sessionOf(self) }),
    [`GET /api/tickets/${ticket.id}`]: () => ({ body: { ticket } }),
    [`GET /api/tickets/${ticket.id}/comments`]: () => ({ body: page(thread, { limit: 50 }) }),
    [`POST /api/tickets/${ticket.id}/comments`]: (request) => {
      const { body } = request.body as { body: string };
      const comment = makeComment({ id: 'c'.repeat(24), ticketId: ticket.id, body, author: uma, attachments: [] });
      thread = [...thread, comment];
      return { status: 201, body: { comment } };
    },
    'GET /api/attachments/*': () => ({ text: 'png-bytes' }),
  });
  const rendered = renderApp({ route: `/tickets/${ticket.id}` });
  return { ...rendered, api, ticket, setThread: (next: Comment[]) => (thread = next) };
}

const png = (name = 'screenshot.png') => new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], name, { type: 'image/png' });

async function writeAndSend(text: string) {
  await userEvent.type(await screen.findByLabelText('Add a comment'), text);
  await userEvent.click(screen.getByRole('button', { name: 'Send' }));
}

describe('attaching files in the composer', () => {
  it('takes a pasted screenshot, uploads it after the comment with its id and the bearer token, showing progress', async () => {
    const { ticket, api } = setup();
    const box = await screen.findByLabelText('Add a comment');
    fireEvent.paste(box, { clipboardData: { files: [png('Pasted image.png')], getData: () => '' } });
    const draft = await screen.findByTestId('draft-attachment');
    expect(within(draft).getByText('Pasted image.png')).toBeInTheDocument();
    // A local preview (decorative: the name sits beside it), before anything is uploaded.
    expect(draft.querySelector('img')).toHaveAttribute('src', expect.stringMatching(/^blob:test\//));

    await writeAndSend('See it');
    await waitFor(() => expect(FakeUpload.sent).toHaveLength(1));
    const upload = FakeUpload.sent[0]!;
    expect(api.to(`/api/tickets/${ticket.id}/comments`, 'POST')).toHaveLength(1);
    expect(upload.method).toBe('POST');
    expect(upload.url).toMatch(new RegExp(`/api/tickets/${ticket.id}/attachments$`));
    expect(upload.headers.Authorization).toBe('Bearer test-token');
    expect(upload.body!.get('commentId')).toBe('c'.repeat(24));
    expect((upload.body!.get('file') as File).name).toBe('Pasted image.png');

    act(() => upload.progress(50, 100));
    expect(screen.getByRole('progressbar', { name: 'Uploading Pasted image.png' })).toHaveAttribute('value', '0.5');
    act(() => upload.respond(201, { attachment: makeAttachment({ ticketId: ticket.id, commentId: 'c'.repeat(24), name: 'Pasted image.png' }) }));
    await waitFor(() => expect(screen.queryByTestId('draft-attachment')).not.toBeInTheDocument());
  });

  it('takes files from the file chooser and from a drop', async () => {
    setup();
    await userEvent.upload(await screen.findByTestId('attachment-input'), png('chosen.png'));
    const form = screen.getByLabelText('Add a comment').closest('form')!;
    fireEvent.drop(form, { dataTransfer: { files: [new File(['a,b'], 'data.csv', { type: 'text/csv' })], types: ['Files'] } });
    const names = screen.getAllByTestId('draft-attachment').map((d) => d.textContent);
    expect(names).toEqual([expect.stringContaining('chosen.png'), expect.stringContaining('data.csv')]);
    await userEvent.click(screen.getByRole('button', { name: 'Remove chosen.png' }));
    expect(screen.getAllByTestId('draft-attachment')).toHaveLength(1);
  });

  it.each([
    [413, 'payload_too_large', 'the file is larger than the 10 MB limit', 'big.png is too large: the file is larger than the 10 MB limit.'],
    [415, 'unsupported_media_type', 'the file is sent as image/png but its bytes are text', 'big.png was refused: the file is sent as image/png but its bytes are text.'],
    [403, 'forbidden', 'you may not comment on this ticket', 'big.png: you may not attach files here (you may not comment on this ticket).'],
  ])('says why a file was refused (%i %s) and keeps it to remove or retry', async (status, code, message, shown) => {
    setup();
    await userEvent.upload(await screen.findByTestId('attachment-input'), png('big.png'));
    await writeAndSend('Here');
    await waitFor(() => expect(FakeUpload.sent).toHaveLength(1));
    act(() => FakeUpload.sent[0]!.respond(status, { error: { code, message } }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(shown);
    expect(screen.getByTestId('draft-attachment')).toBeInTheDocument();
  });
});

describe('attachments on comments', () => {
  const withFiles = (attachments: Attachment[]) => [makeComment({ body: 'Screens attached', author: uma, attachments })];

  it('shows an image as a thumbnail fetched with the session token, and another file as a named button', async () => {
    const image = makeAttachment({ name: 'blank-page.png' });
    const log = makeAttachment({ name: 'console.log', contentType: 'text/plain', size: 5000 });
    const { api } = setup({}, withFiles([image, log]));
    const thumbnail = await screen.findByRole('img', { name: 'blank-page.png' });
    expect(thumbnail).toHaveAttribute('src', expect.stringMatching(/^blob:test\//));
    const fetched = api.to(`/api/attachments/${image.id}`);
    expect(fetched).toHaveLength(1);
    expect(fetched[0]!.headers.get('Authorization')).toBe('Bearer test-token');
    expect(screen.getByRole('button', { name: /Save console\.log|console\.log/ })).toHaveTextContent('console.log (5 kB)');
  });

  it('offers no save control on a file whose abilities do not allow downloading', async () => {
    setup({}, withFiles([makeAttachment({ name: 'report.pdf', contentType: 'application/pdf', abilities: { download: false } })]));
    const item = await screen.findByTestId('attachment');
    expect(within(item).queryByRole('button')).not.toBeInTheDocument();
    expect(item).toHaveTextContent('report.pdf');
  });

  it('offers no file controls to someone who may not comment', async () => {
    setup({ comment: false });
    await screen.findByText(/No comments yet/);
    expect(screen.queryByRole('button', { name: /Attach files/ })).not.toBeInTheDocument();
  });
});
