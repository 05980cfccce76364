import type { PresenceStatus, Role } from '@relaydesk/shared';
import { Types } from 'mongoose';
import { UserModel } from '../users/userModel.js';

/** A moderator or admin with their stored presence choice. */
export interface StaffChoice {
  id: string;
  name: string;
  role: Role;
  chosen: PresenceStatus;
}

/**
 * Lookups sent at once by storedChoicesOf: enough to overlap the round trips, few
 * enough to leave the connection pool to other requests.
 */
const CHOICE_LOOKUPS_AT_ONCE = 32;

/**
 * The stored presence choice (`User.presence`) of each existing user; ids that are not
 * ObjectIds or name nobody are left out. One `_id` lookup per user rather than
 * `{_id: {$in}}`: FerretDB pushes only a single `_id` down and answers `$in` by reading
 * every user, so the cost would grow with the whole user base instead of the list asked for.
 */
export async function storedChoicesOf(userIds: string[]): Promise<Map<string, PresenceStatus>> {
  const valid = [...new Set(userIds.filter((id) => Types.ObjectId.isValid(id)))];
  const found = new Map<string, PresenceStatus>();
  for (let i = 0; i < valid.length; i += CHOICE_LOOKUPS_AT_ONCE) {
    const batch = valid.slice(i, i + CHOICE_LOOKUPS_AT_ONCE);
    const users = await Promise.all(batch.map((id) => UserModel.findById(id).select('presence').lean()));
    for (const u of users) if (u) found.set(String(u._id), u.presence);
  }
  return found;
}

/** Every moderator and admin with their stored choice, ordered by name. */
export async function staffWithChoices(): Promise<StaffChoice[]> {
  const staff = await UserModel.find({ role: { $in: ['moderator', 'admin'] } })
    .select('name role presence')
    .sort({ name: 1, _id: 1 })
    .lean();
  return staff.map((u) => ({ id: String(u._id), name: u.name, role: u.role, chosen: u.presence }));
}

/** A user's role; `user` when they no longer exist. */
export async function roleOfUser(userId: string): Promise<Role> {
  return (await UserModel.findById(userId).select('role').lean())?.role ?? 'user';
}
