import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../domain/actor.js';
import { can } from '../domain/authorize.js';

const person = (role: Actor['role']): Actor => ({ id: new Types.ObjectId().toHexString(), role, name: role });

describe('who may download an attachment', () => {
  const requester = person('user');
  const assignee = person('moderator');
  const admin = person('admin');
  const stranger = person('user');
  const otherModerator = person('moderator');
  const ticket = { createdBy: requester.id, assignedTo: assignee.id, status: 'in_progress' as const };

  it('lets whoever may read the ticket fetch its public files, and nobody else', () => {
    const file = { ticket, internal: false };
    expect([requester, assignee, admin].map((a) => can(a, 'attachment.download', file))).toEqual([true, true, true]);
    expect([stranger, otherModerator].map((a) => can(a, 'attachment.download', file))).toEqual([false, false]);
  });

  it('keeps a file on a staff-only note to the assignee and admins', () => {
    const file = { ticket, internal: true };
    expect([assignee, admin].map((a) => can(a, 'attachment.download', file))).toEqual([true, true]);
    expect([requester, stranger, otherModerator].map((a) => can(a, 'attachment.download', file))).toEqual([false, false, false]);
  });

  it('keeps a note’s file from a moderator who filed the ticket, as the note itself is', () => {
    const filer = person('moderator');
    expect(can(filer, 'attachment.download', { ticket: { ...ticket, createdBy: filer.id }, internal: true })).toBe(false);
    expect(can(filer, 'attachment.download', { ticket: { ...ticket, createdBy: filer.id }, internal: false })).toBe(true);
  });
});
