import { MAX_PAGE_SIZE, PRESENCE_STATUSES, type PresenceStatus, type User } from '@relaydesk/shared';
import { useUserList } from '../../api/users.js';
import { RoleBadge } from '../../components/Badges.js';
import { PresenceDot } from '../../components/PresenceDot.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/QueryStates.js';
import { UserAvatar } from '../../components/UserAvatar.js';
import { formatHours, presenceLabel } from '../../lib/labels.js';
import { usePresence } from '../../providers/PresenceProvider.js';

/** Capacity the assignment scorer uses; shown as the load bar's full length. */
const LOAD_CAPACITY = 10;

const PRESENCE_ORDER: Record<PresenceStatus | 'unknown', number> = { online: 0, dnd: 1, offline: 2, unknown: 3 };

/** Everyone who can take tickets, with presence, current load and track record. */
export function ModeratorsScene() {
  const moderators = useUserList({ role: 'moderator', limit: MAX_PAGE_SIZE });
  const admins = useUserList({ role: 'admin', limit: MAX_PAGE_SIZE });
  const { statusOf } = usePresence();

  const error = moderators.error ?? admins.error;
  const staff = [...(moderators.data?.items ?? []), ...(admins.data?.items ?? [])].sort(
    (a, b) => PRESENCE_ORDER[statusOf(a.id) ?? 'unknown'] - PRESENCE_ORDER[statusOf(b.id) ?? 'unknown'] || a.name.localeCompare(b.name),
  );
  const counts = PRESENCE_STATUSES.map((s) => ({ status: s, count: staff.filter((u) => statusOf(u.id) === s).length }));

  return (
    <section aria-labelledby="moderators-title" className="flex flex-col gap-4">
      <h1 id="moderators-title" className="text-2xl font-semibold">
        Moderators
      </h1>
      {staff.length > 0 && (
        <p className="flex flex-wrap gap-4 text-sm" aria-label="Presence summary">
          {counts.map(({ status, count }) => (
            <span key={status} className="flex items-center gap-2">
              <PresenceDot status={status} decorative /> {count} {presenceLabel(status).toLowerCase()}
            </span>
          ))}
        </p>
      )}
      {error ? (
        <ErrorState
          error={error}
          onRetry={() => {
            void moderators.refetch();
            void admins.refetch();
          }}
        />
      ) : moderators.isPending || admins.isPending ? (
        <LoadingState label="Loading moderators…" />
      ) : staff.length === 0 ? (
        <EmptyState title="No moderators yet.">Approve an application to add one.</EmptyState>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {staff.map((person) => (
            <ModeratorCard key={person.id} person={person} status={statusOf(person.id)} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ModeratorCard({ person, status }: { person: User; status: PresenceStatus | undefined }) {
  const load = person.stats.activeTickets;
  return (
    <li className="card bg-base-100 shadow-xs" data-testid="moderator-card">
      <div className="card-body gap-3 p-4">
        <div className="flex items-center gap-3">
          <UserAvatar user={person} />
          <div className="min-w-0 flex-1">
            <p className="truncate font-medium">{person.name}</p>
            <p className="text-xs opacity-70">{status ? presenceLabel(status) : 'Presence unknown'}</p>
          </div>
          <RoleBadge role={person.role} />
        </div>
        <div>
          <div className="flex justify-between text-xs">
            <span>Active load</span>
            <span>
              {load} / {LOAD_CAPACITY}
            </span>
          </div>
          <progress
            className={load >= LOAD_CAPACITY ? 'progress progress-error w-full' : 'progress progress-primary w-full'}
            value={Math.min(load, LOAD_CAPACITY)}
            max={LOAD_CAPACITY}
            aria-label={`Active load ${load} of ${LOAD_CAPACITY}`}
          />
        </div>
        <dl className="grid grid-cols-2 gap-2 text-sm">
          <div>
            <dt className="text-xs opacity-70">Resolved</dt>
            <dd>{person.stats.totalResolved}</dd>
          </div>
          <div>
            <dt className="text-xs opacity-70">Avg resolution</dt>
            <dd>{formatHours(person.stats.avgResolutionHours)}</dd>
          </div>
        </dl>
        {person.skills.length > 0 && (
          <p className="flex flex-wrap gap-1">
            {person.skills.map((skill) => (
              <span key={skill} className="badge badge-outline badge-sm">
                {skill}
              </span>
            ))}
          </p>
        )}
      </div>
    </li>
  );
}
