import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../platform/logger.js';
import { useTestApp } from '../test/harness.js';
import { createReadMarkers, TicketReadModel } from './readMarkers.js';

const app = useTestApp();
const logger = createLogger('silent');
const id = () => new Types.ObjectId().toHexString();

describe('read markers', () => {
  it('answers from Redis once a page was read, and every process sees a new mark', async () => {
    const one = createReadMarkers({ redis: app.ctx.redis, logger });
    const other = createReadMarkers({ redis: app.ctx.redis, logger });
    const person = id();
    const [seenTicket, unseenTicket] = [id(), id()];
    const at = new Date('2026-11-30T10:00:00Z');
    await one.markSeen(seenTicket, person, at);

    expect(await other.seenAtByTicket([seenTicket, unseenTicket], person)).toEqual(new Map([[seenTicket, at]]));
    // Served from Redis now, "never seen" included: the database is no longer asked.
    await TicketReadModel.deleteMany({ user: person });
    expect(await other.seenAtByTicket([seenTicket, unseenTicket], person)).toEqual(new Map([[seenTicket, at]]));

    const later = new Date('2026-11-30T11:00:00Z');
    await one.markSeen(unseenTicket, person, later);
    // An older mark arriving late does not move a marker back.
    await one.markSeen(seenTicket, person, new Date('2026-11-30T09:00:00Z'));
    expect(await other.seenAtByTicket([seenTicket, unseenTicket], person)).toEqual(
      new Map([
        [seenTicket, at],
        [unseenTicket, later],
      ]),
    );
    expect((await TicketReadModel.findById(`${unseenTicket}:${person}`).lean())?.seenAt).toEqual(later);
  });

  it('reads the database alone without Redis', async () => {
    const markers = createReadMarkers({ logger });
    const person = id();
    const ticket = id();
    expect(await markers.seenAtByTicket([ticket], person)).toEqual(new Map());
    const at = new Date('2026-11-30T12:00:00Z');
    await markers.markSeen(ticket, person, at);
    expect(await markers.seenAtByTicket([ticket], person)).toEqual(new Map([[ticket, at]]));
  });
});
