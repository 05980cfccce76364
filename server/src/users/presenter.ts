import type { User, UserRef } from '@relaydesk/shared';
import type { Types } from 'mongoose';
import type { Actor } from '../domain/actor.js';
import { abilitiesOn } from '../domain/authorize.js';
import { averageResolutionHours, type UserFields } from './userModel.js';

/** The fields of a user that any embedding (ticket, comment, timeline) may show. */
export type UserRefSource = Pick<UserFields, '_id' | 'name' | 'role'>;

/** A reference that is either populated or still a bare id (a deleted user). */
export type RefOrId = UserRefSource | Types.ObjectId | null | undefined;

const round = (n: number, places = 2) => Math.round(n * 10 ** places) / 10 ** places;
/** A date as the API writes it, or null. */
export const isoOrNull = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function presentUserRef(ref: RefOrId): UserRef | null {
  if (!ref) return null;
  if ('name' in ref) return { id: String(ref._id), name: ref.name, role: ref.role };
  return { id: String(ref), name: 'Unknown user', role: 'user' };
}

/** For references that always exist (a ticket's creator, a comment's author). */
export function presentRequiredUserRef(ref: RefOrId): UserRef {
  return presentUserRef(ref) ?? { id: '000000000000000000000000', name: 'Unknown user', role: 'user' };
}

/** Whitelists what an API response may say about a user (never the password hash), with the viewer's abilities on them. */
export function presentUser(user: Omit<UserFields, 'passwordHash'>, viewer: Actor): User {
  return {
    id: String(user._id),
    name: user.name,
    email: user.email,
    role: user.role,
    skills: [...user.skills],
    presence: user.presence,
    stats: {
      totalResolved: user.totalResolved,
      avgResolutionHours: round(averageResolutionHours(user)),
      activeTickets: Math.max(0, user.activeTickets),
      lastAssignedAt: isoOrNull(user.lastAssignedAt),
    },
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
    abilities: abilitiesOn(viewer, 'user', user),
  };
}

