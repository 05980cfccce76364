import { PRESENCE_STATUSES, ROLES, type PresenceStatus, type Role } from '@relaydesk/shared';
import mongoose, { Schema, type HydratedDocument, type Types } from 'mongoose';
import { toJsonPlugin } from '../platform/toJsonPlugin.js';

export interface UserFields {
  _id: Types.ObjectId;
  name: string;
  email: string;
  passwordHash: string;
  role: Role;
  skills: string[];
  /** The presence the person chose; live connection state is layered on top by the real-time layer. */
  presence: PresenceStatus;
  totalResolved: number;
  /** Sum of the resolution times of every resolved ticket; the average is derived from it. */
  resolutionHoursTotal: number;
  activeTickets: number;
  lastAssignedAt: Date | null;
  /** Bumped on role or password change, so caches keyed on it go stale at once. */
  authVersion: number;
  /** E-mails about replies and status changes on one's own tickets; absent (older accounts) means yes. */
  notifyByEmail?: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const userSchema = new Schema<UserFields>(
  {
    name: { type: String, required: true, trim: true, maxlength: 80 },
    email: { type: String, required: true, unique: true, lowercase: true, trim: true },
    passwordHash: { type: String, required: true, select: false, private: true },
    role: { type: String, enum: ROLES, default: 'user', required: true },
    skills: { type: [String], default: [] },
    presence: { type: String, enum: PRESENCE_STATUSES, default: 'online' },
    totalResolved: { type: Number, default: 0, min: 0 },
    resolutionHoursTotal: { type: Number, default: 0, min: 0 },
    activeTickets: { type: Number, default: 0 },
    lastAssignedAt: { type: Date, default: null },
    authVersion: { type: Number, default: 0 },
    notifyByEmail: { type: Boolean, default: true },
  },
  { timestamps: true },
);
userSchema.index({ role: 1, createdAt: -1 });
userSchema.plugin(toJsonPlugin);

export type UserDocument = HydratedDocument<UserFields>;
export const UserModel = mongoose.model<UserFields>('User', userSchema);

/** Whether this person wants e-mails about their tickets; accounts from before the setting do. */
export function wantsTicketEmails(user: Pick<UserFields, 'notifyByEmail'>): boolean {
  return user.notifyByEmail !== false;
}

/** Average resolution time in hours, derived from the running sum and count. */
export function averageResolutionHours(user: Pick<UserFields, 'totalResolved' | 'resolutionHoursTotal'>): number {
  return user.totalResolved > 0 ? user.resolutionHoursTotal / user.totalResolved : 0;
}
