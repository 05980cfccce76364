import { modRequestCreateBodySchema, type ModRequest } from '@relaydesk/shared';
import { useQueryClient } from '@tanstack/react-query';
import { format } from 'date-fns';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { z } from 'zod';
import { fieldErrorMessage } from '../../api/formErrors.js';
import { useServerForm } from '../../api/useServerForm.js';
import { useApplyForModerator, useModRequestList } from '../../api/modRequests.js';
import { queryKeys } from '../../api/queryKeys.js';
import { ApplicationBadge } from '../../components/Badges.js';
import { FormError, FormField, SubmitButton } from '../../components/FormField.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/QueryStates.js';
import { useCurrentUser, useWorkspaceAbilities } from '../../providers/SessionProvider.js';
import { useToast } from '../../providers/ToastProvider.js';
import { skillsTextSchema } from './skillsField.js';

/** The application form: skills as text, checked after splitting by the shared schema. */
const applyFormSchema = z.object({
  skills: skillsTextSchema(modRequestCreateBodySchema.shape.skills),
  motivation: modRequestCreateBodySchema.shape.motivation,
});

// A decision usually comes within minutes; polling this gently is cheaper than a socket event for it.
const PENDING_POLL_MS = 20_000;

/** Apply to become a moderator, and follow what became of earlier applications. */
export function ApplyScene() {
  const user = useCurrentUser();
  const abilities = useWorkspaceAbilities();
  const queryClient = useQueryClient();
  const applications = useModRequestList(
    { limit: 20 },
    { refetchInterval: (data) => (data?.items.some((a) => a.status === 'pending') ? PENDING_POLL_MS : false) },
  );
  const items = applications.data?.items ?? [];
  const pending = items.find((a) => a.status === 'pending');
  const approved = items.find((a) => a.status === 'approved');

  // Approval changes the role, and so the abilities, on the server; pick them up so the menu changes too.
  useEffect(() => {
    if (approved && abilities.applyForModerator) void queryClient.invalidateQueries({ queryKey: queryKeys.me });
  }, [approved, abilities.applyForModerator, queryClient]);

  return (
    <section aria-labelledby="apply-title" className="mx-auto flex max-w-2xl flex-col gap-4">
      <h1 id="apply-title" className="text-2xl font-semibold">
        Become a moderator
      </h1>
      {!abilities.applyForModerator ? (
        <div role="status" className="alert alert-success alert-soft">
          <span>
            You are a {user.role} now.{' '}
            {abilities.workQueue && (
              <Link className="link" to="/queue">
                Open your queue
              </Link>
            )}
          </span>
        </div>
      ) : applications.isPending ? (
        <LoadingState />
      ) : pending ? (
        <div role="status" className="alert alert-info alert-soft" data-testid="application-pending">
          Your application is waiting for an admin&apos;s decision. This page updates by itself.
        </div>
      ) : (
        <ApplyForm />
      )}

      <section aria-labelledby="applications-title" className="flex flex-col gap-2">
        <h2 id="applications-title" className="text-lg font-semibold">
          Your applications
        </h2>
        {applications.isPending ? null : applications.isError ? (
          <ErrorState error={applications.error} onRetry={() => void applications.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState title="You have not applied yet." />
        ) : (
          <ul className="flex flex-col gap-2">
            {items.map((application) => (
              <ApplicationSummary key={application.id} application={application} />
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}

function ApplicationSummary({ application }: { application: ModRequest }) {
  return (
    <li className="rounded-box bg-base-100 p-3 shadow-xs" data-testid="application">
      <div className="flex flex-wrap items-center gap-2">
        <ApplicationBadge status={application.status} />
        <span className="text-sm opacity-75">applied {format(new Date(application.createdAt), 'd MMM yyyy')}</span>
        {application.reviewedBy && application.reviewedAt && (
          <span className="text-sm opacity-75">
            · decided by {application.reviewedBy.name} on {format(new Date(application.reviewedAt), 'd MMM yyyy')}
          </span>
        )}
      </div>
      <p className="mt-2 flex flex-wrap gap-1">
        {application.skills.map((skill) => (
          <span key={skill} className="badge badge-outline badge-sm">
            {skill}
          </span>
        ))}
      </p>
    </li>
  );
}

/** The application form itself. */
function ApplyForm() {
  const apply = useApplyForModerator();
  const { showToast } = useToast();
  const {
    register,
    formError,
    onSubmit,
    formState: { errors, isSubmitting },
  } = useServerForm({
    schema: applyFormSchema,
    defaultValues: { skills: '', motivation: '' },
    async submit(body) {
      await apply.mutateAsync(body);
      showToast({ tone: 'success', message: 'Application sent. An admin will look at it.' });
    },
  });

  return (
    <form className="card bg-base-100 shadow-xs" onSubmit={onSubmit} noValidate>
      <div className="card-body gap-1">
        <p className="text-sm opacity-80">
          Moderators pick up tickets that match their skills. Tell us what you know and why you want to help.
        </p>
        <FormField label="Skills" error={fieldErrorMessage(errors.skills)} hint="Separate skills with commas, e.g. react, billing, databases.">
          {(field) => <input {...field} {...register('skills')} className="input w-full" autoComplete="off" />}
        </FormField>
        <FormField label="Motivation" error={errors.motivation?.message} hint="At least 10 characters.">
          {(field) => <textarea {...field} {...register('motivation')} className="textarea min-h-32 w-full" />}
        </FormField>
        <FormError message={formError} />
        <SubmitButton busy={isSubmitting} className="mt-3 self-end">Send application</SubmitButton>
      </div>
    </form>
  );
}
