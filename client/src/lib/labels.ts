import type { ApplicationStatus, PresenceStatus, Priority, Role, TicketStatus } from '@relaydesk/shared';

const STATUS_LABELS: Record<TicketStatus, string> = { todo: 'To do', in_progress: 'In progress', waiting: 'Waiting on requester', completed: 'Completed' };
const PRIORITY_LABELS: Record<Priority, string> = { low: 'Low', medium: 'Medium', high: 'High', urgent: 'Urgent' };
const ROLE_LABELS: Record<Role, string> = { user: 'User', moderator: 'Moderator', admin: 'Admin' };
const PRESENCE_LABELS: Record<PresenceStatus, string> = { online: 'Online', dnd: 'Do not disturb', offline: 'Offline' };
const APPLICATION_LABELS: Record<ApplicationStatus, string> = { pending: 'Pending', approved: 'Approved', rejected: 'Rejected' };

/** A ticket status as people read it. */
export const statusLabel = (status: TicketStatus) => STATUS_LABELS[status];
/** A priority as people read it. */
export const priorityLabel = (priority: Priority) => PRIORITY_LABELS[priority];
/** A role as people read it. */
export const roleLabel = (role: Role) => ROLE_LABELS[role];
/** A presence as people read it. */
export const presenceLabel = (presence: PresenceStatus) => PRESENCE_LABELS[presence];
/** A moderator application's state as people read it. */
export const applicationLabel = (status: ApplicationStatus) => APPLICATION_LABELS[status];

/** A triage category (`how_to`) as people read it (`How to`). */
export function categoryLabel(category: string): string {
  const words = category.replace(/_/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : 'Uncategorised';
}

/** Higher is more urgent; for ordering a queue. */
export const PRIORITY_RANK: Record<Priority, number> = { urgent: 3, high: 2, medium: 1, low: 0 };

/** Splits "react, CSS ,node" into ["react", "CSS", "node"]; the shared schema normalises case. */
export function splitSkills(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Hours as "45 min", "3.5 h" or "2.1 days". */
export function formatHours(hours: number): string {
  if (!Number.isFinite(hours) || hours <= 0) return '—';
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} min`;
  if (hours < 48) return `${Math.round(hours * 10) / 10} h`;
  return `${Math.round((hours / 24) * 10) / 10} days`;
}

/** A 0..1 score as a whole percentage. */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '—';
  return `${Math.round(fraction * 100)}%`;
}
