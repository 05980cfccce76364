import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A message as SendGrid's v3 API received it. */
export interface SendGridRequest {
  authorization: string | undefined;
  body: {
    personalizations: { to: { email: string; name?: string }[] }[];
    from: { email: string; name?: string };
    subject: string;
    content: { type: string; value: string }[];
    categories?: string[];
    custom_args?: Record<string, string>;
  };
}

export interface SendGridStub {
  readonly url: string;
  readonly requests: SendGridRequest[];
  /** Statuses for the next requests, in order; afterwards 202. */
  enqueue(...statuses: number[]): void;
  close(): Promise<void>;
}

/**
 * A loopback server speaking SendGrid's `POST /v3/mail/send`: 202 with an
 * `X-Message-Id` on success, SendGrid's `{errors: [...]}` body otherwise.
 */
export async function startSendGridStub(): Promise<SendGridStub> {
  const requests: SendGridRequest[] = [];
  const queue: number[] = [];
  let counter = 0;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || req.url !== '/v3/mail/send') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: 'not found' }] }));
      return;
    }
    requests.push({ authorization: req.headers.authorization, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as SendGridRequest['body'] });
    const status = queue.shift() ?? 202;
    if (status === 202) {
      counter += 1;
      res.writeHead(202, { 'x-message-id': `stub-message-${counter}` }).end();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: `stub status ${status}`, field: null }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...statuses) => queue.push(...statuses),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
