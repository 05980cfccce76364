import { describe, expect, it } from 'vitest';
import type { TicketAction } from '@relaydesk/shared';
import type { Actor } from '../domain/actor.js';
import { can } from '../domain/authorize.js';
import { ticketListScope } from './policy.js';

const canOnTicket = (actor: Actor, action: TicketAction, ticket: { createdBy: string; assignedTo: string | null }) =>
  can(actor, `ticket.${action}`, ticket);

const creator: Actor = { id: 'a'.repeat(24), role: 'user', name: 'Ann' };
const moderator: Actor = { id: 'b'.repeat(24), role: 'moderator', name: 'Mo' };
const otherModerator: Actor = { id: 'c'.repeat(24), role: 'moderator', name: 'Oz' };
const admin: Actor = { id: 'd'.repeat(24), role: 'admin', name: 'Ada' };
const stranger: Actor = { id: 'e'.repeat(24), role: 'user', name: 'Sam' };
const ticket = { createdBy: creator.id, assignedTo: moderator.id };

describe('ticket permissions', () => {
  it.each([
    ['creator', creator, { read: true, comment: true, changeStatus: false, reassign: false }],
    ['assignee', moderator, { read: true, comment: true, changeStatus: true, reassign: false }],
    ['other moderator', otherModerator, { read: false, comment: false, changeStatus: false, reassign: false }],
    ['admin', admin, { read: true, comment: true, changeStatus: true, reassign: true }],
    ['stranger', stranger, { read: false, comment: false, changeStatus: false, reassign: false }],
  ] as const)('%s', (_label, actor, expected) => {
    for (const [action, allowed] of Object.entries(expected)) {
      expect(canOnTicket(actor, action as keyof typeof expected, ticket), action).toBe(allowed);
    }
  });

  it('an unassigned ticket gives no moderator the assignee rights', () => {
    expect(canOnTicket(moderator, 'changeStatus', { createdBy: creator.id, assignedTo: null })).toBe(false);
  });

  it('scopes lists by role', () => {
    expect(ticketListScope(admin)).toEqual({});
    expect(ticketListScope(creator)).toEqual({ createdBy: creator.id });
    expect(ticketListScope(moderator)).toEqual({ $or: [{ assignedTo: moderator.id }, { createdBy: moderator.id }] });
  });
});
