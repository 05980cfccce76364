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

  it('lets only the assignee and admins write and read internal notes, never the creator', () => {
    for (const action of ['addInternalNote', 'readInternalNotes'] as const) {
      expect(canOnTicket(moderator, action, ticket), action).toBe(true);
      expect(canOnTicket(admin, action, ticket), action).toBe(true);
      expect(canOnTicket(creator, action, ticket), action).toBe(false);
      expect(canOnTicket(otherModerator, action, ticket), action).toBe(false);
      // A moderator who filed a ticket someone else works is its requester.
      expect(canOnTicket(otherModerator, action, { createdBy: otherModerator.id, assignedTo: moderator.id }), action).toBe(false);
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

describe('the unassigned pool and corrections', () => {
  const pooled = { createdBy: creator.id, assignedTo: null, status: 'todo' as const };
  const closedUnassigned = { createdBy: creator.id, assignedTo: null, status: 'completed' as const };

  it('lets any moderator read and claim an open unassigned ticket, but not comment on it or change it', () => {
    expect(can(otherModerator, 'ticket.read', pooled)).toBe(true);
    expect(can(otherModerator, 'ticket.claim', pooled)).toBe(true);
    expect(can(otherModerator, 'ticket.comment', pooled)).toBe(false);
    expect(can(otherModerator, 'ticket.changeStatus', pooled)).toBe(false);
    expect(can(stranger, 'ticket.read', pooled)).toBe(false);
    expect(can(stranger, 'ticket.claim', pooled)).toBe(false);
  });

  it('keeps a completed unassigned ticket out of the pool', () => {
    expect(can(otherModerator, 'ticket.read', closedUnassigned)).toBe(false);
    expect(can(otherModerator, 'ticket.claim', closedUnassigned)).toBe(false);
  });

  it('lets the assignee and admins correct triage; only admins pick the assignee', () => {
    expect(can(moderator, 'ticket.correctTriage', ticket)).toBe(true);
    expect(can(admin, 'ticket.correctTriage', ticket)).toBe(true);
    expect(can(creator, 'ticket.correctTriage', ticket)).toBe(false);
    expect(can(admin, 'ticket.assign', ticket)).toBe(true);
    expect(can(moderator, 'ticket.assign', ticket)).toBe(false);
  });

  it('offers reassignment only on open tickets', () => {
    expect(can(admin, 'ticket.reassign', { ...ticket, status: 'completed' })).toBe(false);
    expect(can(admin, 'ticket.assign', { ...ticket, status: 'completed' })).toBe(false);
    expect(can(admin, 'ticket.reassign', { ...ticket, status: 'in_progress' })).toBe(true);
  });

  it('lets the assignee or an admin release an assigned ticket, and nobody release an unassigned one', () => {
    expect(can(moderator, 'ticket.release', ticket)).toBe(true);
    expect(can(admin, 'ticket.release', ticket)).toBe(true);
    expect(can(otherModerator, 'ticket.release', ticket)).toBe(false);
    expect(can(admin, 'ticket.release', pooled)).toBe(false);
    expect(can(moderator, 'ticket.release', { ...ticket, status: 'completed' })).toBe(false);
    expect(can(admin, 'ticket.release', { ...ticket, status: 'completed' })).toBe(false);
  });
});
