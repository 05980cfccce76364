import { CANNED_REPLY_PLACEHOLDERS, cannedReplyCreateBodySchema, type CannedReply } from '@relaydesk/shared';
import { useState } from 'react';
import { describeError } from '../../api/client.js';
import { useCannedReplies, useCreateCannedReply, useDeleteCannedReply, useUpdateCannedReply } from '../../api/cannedReplies.js';
import { useServerForm } from '../../api/useServerForm.js';
import { FormError, FormField, SubmitButton } from '../../components/FormField.js';
import { Modal } from '../../components/Modal.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/QueryStates.js';
import { useWorkspaceAbilities } from '../../providers/SessionProvider.js';
import { useToast } from '../../providers/ToastProvider.js';

const PLACEHOLDER_HINT = `Placeholders: ${CANNED_REPLY_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}. Markdown works.`;

/** The team's saved answers: admins write, change and delete them; each row's controls follow its abilities. */
export function CannedRepliesScene() {
  const replies = useCannedReplies();
  const canCreate = useWorkspaceAbilities().manageCannedReplies;
  const [editing, setEditing] = useState<CannedReply | 'new' | null>(null);
  const [deleting, setDeleting] = useState<CannedReply | null>(null);

  return (
    <section aria-labelledby="canned-title" className="flex flex-col gap-4">
      <div className="flex items-center justify-between gap-2">
        <h1 id="canned-title" className="text-2xl font-semibold">
          Canned replies
        </h1>
        {canCreate && (
          <button type="button" className="btn btn-primary btn-sm" onClick={() => setEditing('new')}>
            New canned reply
          </button>
        )}
      </div>
      {replies.isPending ? (
        <LoadingState label="Loading canned replies…" />
      ) : replies.isError ? (
        <ErrorState error={replies.error} onRetry={() => void replies.refetch()} />
      ) : replies.data.length === 0 ? (
        <EmptyState title="No canned replies yet." />
      ) : (
        <ul className="flex flex-col gap-2" aria-label="Canned replies">
          {replies.data.map((reply) => (
            <li key={reply.id} className="card bg-base-100 shadow-xs" data-testid="canned-reply-row">
              <div className="card-body flex-row items-start gap-3 p-4">
                <div className="min-w-0 flex-1">
                  <h2 className="font-medium">{reply.title}</h2>
                  <p className="mt-1 line-clamp-3 text-sm whitespace-pre-line opacity-80">{reply.body}</p>
                </div>
                {reply.abilities.update && (
                  <button type="button" className="btn btn-ghost btn-sm" aria-label={`Edit ${reply.title}`} onClick={() => setEditing(reply)}>
                    Edit
                  </button>
                )}
                {reply.abilities.delete && (
                  <button type="button" className="btn btn-ghost btn-sm text-error" aria-label={`Delete ${reply.title}`} onClick={() => setDeleting(reply)}>
                    Delete
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {editing && <CannedReplyDialog reply={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {deleting && <DeleteDialog reply={deleting} onClose={() => setDeleting(null)} />}
    </section>
  );
}

function CannedReplyDialog({ reply, onClose }: { reply: CannedReply | null; onClose(): void }) {
  const create = useCreateCannedReply();
  const update = useUpdateCannedReply();
  const { showToast } = useToast();
  const {
    register,
    formError,
    onSubmit,
    formState: { errors, isSubmitting },
  } = useServerForm({
    schema: cannedReplyCreateBodySchema,
    defaultValues: { title: reply?.title ?? '', body: reply?.body ?? '' },
    async submit(body) {
      if (reply) await update.mutateAsync({ id: reply.id, changes: body });
      else await create.mutateAsync(body);
      showToast({ tone: 'success', message: reply ? 'Canned reply saved.' : 'Canned reply added.' });
      onClose();
    },
  });

  return (
    <Modal labelledBy="canned-dialog-title" onClose={onClose}>
      <form className="flex flex-col gap-1" onSubmit={onSubmit} noValidate>
        <h2 id="canned-dialog-title" className="text-lg font-semibold">
          {reply ? `Edit “${reply.title}”` : 'New canned reply'}
        </h2>
        <FormField label="Title" error={errors.title?.message}>
          {(field) => <input {...field} {...register('title')} className="input w-full" autoComplete="off" />}
        </FormField>
        <FormField label="Body" error={errors.body?.message} hint={PLACEHOLDER_HINT}>
          {(field) => <textarea {...field} {...register('body')} className="textarea min-h-40 w-full" />}
        </FormField>
        <FormError message={formError} />
        <div className="modal-action">
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            Cancel
          </button>
          <SubmitButton busy={isSubmitting}>Save</SubmitButton>
        </div>
      </form>
    </Modal>
  );
}

function DeleteDialog({ reply, onClose }: { reply: CannedReply; onClose(): void }) {
  const remove = useDeleteCannedReply();
  const { showToast } = useToast();
  return (
    <Modal labelledBy="canned-delete-title" onClose={onClose} role="alertdialog">
      <h2 id="canned-delete-title" className="text-lg font-semibold">
        Delete “{reply.title}”?
      </h2>
      <p className="mt-2 text-sm">Replies already sent keep their text.</p>
      <div className="modal-action">
        <button type="button" className="btn btn-ghost" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="btn btn-error"
          disabled={remove.isPending}
          onClick={() =>
            remove.mutate(reply.id, {
              onSuccess: () => {
                showToast({ tone: 'success', message: 'Canned reply deleted.' });
                onClose();
              },
              onError: (error) => showToast({ tone: 'error', message: describeError(error) }),
            })
          }
        >
          Delete
        </button>
      </div>
    </Modal>
  );
}
