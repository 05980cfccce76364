import { APPLICATION_STATUSES, modRequestListQuerySchema, type ApplicationStatus, type ModRequest } from '@relaydesk/shared';
import { format } from 'date-fns';
import { useSearchParams } from 'react-router';
import { describeError } from '../../api/client.js';
import { useDecideModRequest, useModRequestList } from '../../api/modRequests.js';
import { ApplicationBadge } from '../../components/Badges.js';
import { Pagination } from '../../components/Pagination.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/QueryStates.js';
import { SelectFilter } from '../../components/SelectFilter.js';
import { UserChip } from '../../components/UserAvatar.js';
import { useListParams } from '../../hooks/useListParams.js';
import { applicationLabel } from '../../lib/labels.js';
import { useToast } from '../../providers/ToastProvider.js';

const STATUS_OPTIONS = APPLICATION_STATUSES.map((s) => ({ value: s, label: applicationLabel(s) }));
const PER_PAGE = 10;

/** Moderator applications, with approve and reject where the server allows a decision; pending ones by default. */
export function ApplicationsScene() {
  const [params, setParams] = useListParams(modRequestListQuerySchema);
  // No status in the URL means "pending"; "all" is an explicit choice.
  const [searchParams] = useSearchParams();
  const statusParam = searchParams.get('status');
  const status: ApplicationStatus | undefined = statusParam === 'all' ? undefined : (params.status ?? 'pending');
  const list = useModRequestList({ page: params.page, limit: PER_PAGE, status });

  return (
    <section aria-labelledby="applications-title" className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 id="applications-title" className="text-2xl font-semibold">
          Moderator applications
        </h1>
        <SelectFilter<ApplicationStatus>
          label="Show"
          value={status}
          anyLabel="All"
          options={STATUS_OPTIONS}
          onChange={(next) => setParams({ status: next ?? 'all' })}
        />
      </div>
      {list.isPending ? (
        <LoadingState label="Loading applications…" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState title={status === 'pending' ? 'No applications are waiting.' : 'No applications here.'} />
      ) : (
        <div>
          <ul className="flex flex-col gap-3">
            {list.data.items.map((application) => (
              <ApplicationCard key={application.id} application={application} />
            ))}
          </ul>
          <Pagination
            page={list.data.page}
            totalPages={list.data.totalPages}
            total={list.data.total}
            itemLabel="applications"
            onPageChange={(page) => setParams({ page })}
          />
        </div>
      )}
    </section>
  );
}

function ApplicationCard({ application }: { application: ModRequest }) {
  const decide = useDecideModRequest();
  const { showToast } = useToast();
  const act = (status: 'approved' | 'rejected') =>
    decide.mutate(
      { id: application.id, status },
      {
        onSuccess: () =>
          showToast({
            tone: status === 'approved' ? 'success' : 'info',
            message: `${application.user.name} was ${status}${status === 'approved' ? ' and is now a moderator' : ''}.`,
          }),
        onError: (error) => showToast({ tone: 'error', message: `Could not record the decision: ${describeError(error)}` }),
      },
    );
  return (
    <li className="card bg-base-100 shadow-xs" data-testid="application-card">
      <div className="card-body gap-3 p-4">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <UserChip user={application.user} caption={`applied ${format(new Date(application.createdAt), 'd MMM yyyy, HH:mm')}`} />
          <ApplicationBadge status={application.status} />
        </div>
        <p className="flex flex-wrap gap-1" aria-label="Skills">
          {application.skills.map((skill) => (
            <span key={skill} className="badge badge-outline badge-sm">
              {skill}
            </span>
          ))}
        </p>
        <blockquote className="border-l-4 border-base-300 pl-3 text-sm whitespace-pre-line">{application.motivation}</blockquote>
        {application.status === 'pending' ? (
          application.abilities.decide && (
            <div className="card-actions justify-end">
              <button type="button" className="btn btn-outline btn-error btn-sm" disabled={decide.isPending} onClick={() => act('rejected')}>
                Reject
              </button>
              <button type="button" className="btn btn-success btn-sm" disabled={decide.isPending} onClick={() => act('approved')}>
                {decide.isPending && decide.variables?.status === 'approved' && (
                  <span className="loading loading-spinner loading-xs" aria-hidden="true" />
                )}
                Approve
              </button>
            </div>
          )
        ) : (
          application.reviewedBy && (
            <p className="text-sm opacity-75">
              Decided by {application.reviewedBy.name}
              {application.reviewedAt && ` on ${format(new Date(application.reviewedAt), 'd MMM yyyy')}`}
            </p>
          )
        )}
      </div>
    </li>
  );
}
