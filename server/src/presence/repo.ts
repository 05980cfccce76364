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

/** The stored presence choice (`User.presence`) of each existing user; ids that are not ObjectIds or name nobody are left out. */
export async function storedChoicesOf(userIds: string[]): Promise<Map<string, PresenceStatus>> {
  const valid = userIds.filter((id) => Types.ObjectId.isValid(id));
  const users = valid.length ? await UserModel.find({ _id: { $in: valid } }).select('presence').lean() : [];
  return new Map(users.map((u) => [String(u._id), u.presence]));
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
