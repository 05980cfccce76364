import type { ApplicationStatus, Priority, Role, TicketStatus } from '@relaydesk/shared';
import clsx from 'clsx';
import { applicationLabel, priorityLabel, roleLabel, statusLabel } from '../lib/labels.js';

const STATUS_CLASS: Record<TicketStatus, string> = {
  todo: 'badge-outline',
  in_progress: 'badge-info',
  waiting: 'badge-warning',
  completed: 'badge-success',
};

const PRIORITY_CLASS: Record<Priority, string> = {
  low: 'badge-ghost',
  medium: 'badge-outline',
  high: 'badge-warning',
  urgent: 'badge-error',
};

const APPLICATION_CLASS: Record<ApplicationStatus, string> = {
  pending: 'badge-warning',
  approved: 'badge-success',
  rejected: 'badge-error',
};

/** A ticket's status. */
export function StatusBadge({ status }: { status: TicketStatus }) {
  return <span className={clsx('badge badge-sm whitespace-nowrap', STATUS_CLASS[status])}>{statusLabel(status)}</span>;
}

/** A ticket's priority. */
export function PriorityBadge({ priority }: { priority: Priority }) {
  return (
    <span className={clsx('badge badge-sm whitespace-nowrap', PRIORITY_CLASS[priority])}>
      <span className="sr-only">Priority: </span>
      {priorityLabel(priority)}
    </span>
  );
}

/** A moderator application's state. */
export function ApplicationBadge({ status }: { status: ApplicationStatus }) {
  return <span className={clsx('badge badge-sm', APPLICATION_CLASS[status])}>{applicationLabel(status)}</span>;
}

/** A user's role. */
export function RoleBadge({ role }: { role: Role }) {
  return (
    <span className={clsx('badge badge-sm', role === 'admin' ? 'badge-secondary' : role === 'moderator' ? 'badge-primary' : 'badge-ghost')}>
      {roleLabel(role)}
    </span>
  );
}
