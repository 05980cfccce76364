import { COMMENT_BODY_MAX, commentCreateBodySchema, type Ticket, type UserRef } from '@relaydesk/shared';
import { formatDistanceToNowStrict } from 'date-fns';
import { useEffect } from 'react';
import { useServerForm } from '../../api/useServerForm.js';
import { useAddComment, useComments } from '../../api/tickets.js';
import { RoleBadge } from '../../components/Badges.js';
import { FormError, FormField } from '../../components/FormField.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/QueryStates.js';
import { UserAvatar } from '../../components/UserAvatar.js';

/** "Maya is typing…", "Maya and Omar are typing…". */
function describeTyping(people: UserRef[]): string {
  if (people.length === 0) return '';
  const names = people.map((p) => p.name.split(' ')[0]);
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return `${names.length} people are typing…`;
}

/** Text handed to the composer from outside it, such as a suggested reply. */
export interface ComposerInsertion {
  text: string;
  id: number;
}

/**
 * A ticket's conversation: comments oldest first, who is typing, and the composer
 * for those the ticket's abilities allow to comment.
 */
export function CommentThread({
  ticket,
  typing,
  onTyping,
  refetchInterval,
  insertion = null,
}: {
  ticket: Pick<Ticket, 'id' | 'abilities'>;
  typing: UserRef[];
  onTyping(): void;
  refetchInterval: number | false;
  /** Text to put in the composer for editing (a suggested answer); a new `id` puts it in again. */
  insertion?: ComposerInsertion | null;
}) {
  const comments = useComments(ticket.id, { refetchInterval });
  const items = comments.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section aria-labelledby="comments-title" className="card bg-base-100 shadow-xs">
      <div className="card-body gap-4 p-4">
        <h2 id="comments-title" className="card-title text-base">
          Conversation
        </h2>
        {comments.isPending ? (
          <LoadingState label="Loading comments…" />
        ) : comments.isError ? (
          <ErrorState error={comments.error} onRetry={() => void comments.refetch()} title="Could not load comments." />
        ) : items.length === 0 ? (
          <EmptyState title="No comments yet." />
        ) : (
          <ol className="flex flex-col gap-4" aria-label="Comments" aria-live="polite" aria-relevant="additions">
            {items.map((comment) => (
              <li key={comment.id} className="flex gap-3" data-testid="comment">
                <UserAvatar user={comment.author} size="sm" />
                <div className="min-w-0 flex-1">
                  <p className="flex flex-wrap items-center gap-2 text-sm">
                    <span className="font-medium">{comment.author.name}</span>
                    {comment.author.role !== 'user' && <RoleBadge role={comment.author.role} />}
                    <time className="text-xs opacity-60" dateTime={comment.createdAt} title={new Date(comment.createdAt).toLocaleString()}>
                      {formatDistanceToNowStrict(new Date(comment.createdAt), { addSuffix: true })}
                    </time>
                  </p>
                  <p className="mt-1 break-words whitespace-pre-line">{comment.body}</p>
                </div>
              </li>
            ))}
          </ol>
        )}
        {comments.hasNextPage && (
          <button
            type="button"
            className="btn btn-ghost btn-sm self-center"
            onClick={() => void comments.fetchNextPage()}
            disabled={comments.isFetchingNextPage}
          >
            {comments.isFetchingNextPage ? 'Loading…' : 'Show newer comments'}
          </button>
        )}
        <p className="-my-2 min-h-5 text-sm italic opacity-70" aria-live="polite" data-testid="typing-indicator">
          {describeTyping(typing)}
        </p>
        {ticket.abilities.comment && <CommentComposer ticketId={ticket.id} onTyping={onTyping} insertion={insertion} />}
      </div>
    </section>
  );
}

function CommentComposer({ ticketId, onTyping, insertion }: { ticketId: string; onTyping(): void; insertion: ComposerInsertion | null }) {
  const addComment = useAddComment(ticketId);
  const {
    register,
    setValue,
    formError,
    onSubmit,
    formState: { errors, isSubmitting },
  } = useServerForm({
    schema: commentCreateBodySchema,
    defaultValues: { body: '' },
    async submit(body, form) {
      await addComment.mutateAsync(body);
      form.reset({ body: '' });
    },
  });

  useEffect(() => {
    if (insertion) setValue('body', insertion.text, { shouldDirty: true });
  }, [insertion, setValue]);

  const field = register('body', { onChange: onTyping });
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-2">
      <FormField label="Add a comment" error={errors.body?.message} hint="Ctrl+Enter sends.">
        {(props) => (
          <textarea
            {...props}
            {...field}
            className="textarea min-h-24 w-full"
            maxLength={COMMENT_BODY_MAX + 100}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void onSubmit();
              }
            }}
          />
        )}
      </FormField>
      <FormError message={formError} />
      <button type="submit" className="btn btn-primary btn-sm self-end" disabled={isSubmitting}>
        {isSubmitting && <span className="loading loading-spinner loading-xs" aria-hidden="true" />}
        Send
      </button>
    </form>
  );
}
