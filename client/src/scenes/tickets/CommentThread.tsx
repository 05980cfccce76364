import { COMMENT_BODY_MAX, commentCreateBodySchema, type Comment, type Ticket, type UserRef } from '@relaydesk/shared';
import clsx from 'clsx';
import { formatDistanceToNowStrict } from 'date-fns';
import { useEffect, useState } from 'react';
import { useServerForm } from '../../api/useServerForm.js';
import { useAddComment, useComments } from '../../api/tickets.js';
import { RoleBadge } from '../../components/Badges.js';
import { FormError, FormField } from '../../components/FormField.js';
import { Markdown } from '../../components/markdown/Markdown.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/QueryStates.js';
import { UserAvatar } from '../../components/UserAvatar.js';
import { useAttachmentSync } from '../../hooks/useAttachmentSync.js';
import { AttachmentList } from './AttachmentList.js';
import { AttachmentPicker, useAttachmentDrafts } from './AttachmentPicker.js';
import { useCurrentUser, useWorkspaceAbilities } from '../../providers/SessionProvider.js';
import { CannedReplyPicker, useCannedReplyInsertion, type PlaceholderValues } from './CannedReplyPicker.js';

/** "Maya is typing…", "Maya and Omar are typing…". */
function describeTyping(people: UserRef[]): string {
  if (people.length === 0) return '';
  const names = people.map((p) => p.name.split(' ')[0]);
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return `${names.length} people are typing…`;
}

/** A request from outside to focus the composer in a mode (the `r` and `n` shortcuts); a new `id` asks again. */
export interface ComposerFocusRequest {
  mode: ComposerMode;
  id: number;
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
  focusRequest = null,
}: {
  ticket: Pick<Ticket, 'id' | 'abilities' | 'number' | 'createdBy'>;
  typing: UserRef[];
  onTyping(): void;
  refetchInterval: number | false;
  /** Text to put in the composer for editing (a suggested answer); a new `id` puts it in again. */
  insertion?: ComposerInsertion | null;
  focusRequest?: ComposerFocusRequest | null;
}) {
  const comments = useComments(ticket.id, { refetchInterval });
  useAttachmentSync(ticket.id);
  const items = comments.data?.pages.flatMap((page) => page.items) ?? [];
  const self = useCurrentUser();
  const canUseCannedReplies = useWorkspaceAbilities().useCannedReplies;
  const placeholders: PlaceholderValues = { 'requester.name': ticket.createdBy.name, 'ticket.number': String(ticket.number), 'agent.name': self.name };

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
              <CommentItem key={comment.id} comment={comment} />
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
        {ticket.abilities.comment && (
          <CommentComposer
            ticketId={ticket.id}
            onTyping={onTyping}
            canAddNote={ticket.abilities.addInternalNote}
            insertion={insertion}
            cannedReplies={canUseCannedReplies ? placeholders : null}
            focusRequest={focusRequest}
          />
        )}
      </div>
    </section>
  );
}

/**
 * One comment. A staff-only note is set apart so nobody mistakes it for a reply the
 * requester can read: a warning-tinted card that says who can see it.
 */
function CommentItem({ comment }: { comment: Comment }) {
  return (
    <li
      className={clsx('flex gap-3', comment.internal && 'rounded-box border border-warning/60 bg-warning/10 p-3')}
      data-testid="comment"
      data-internal={comment.internal ? 'true' : undefined}
    >
      <UserAvatar user={comment.author} size="sm" />
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap items-center gap-2 text-sm">
          <span className="font-medium">{comment.author.name}</span>
          {comment.author.role !== 'user' && <RoleBadge role={comment.author.role} />}
          {comment.internal && <span className="badge badge-warning badge-sm">Internal note</span>}
          <time className="text-xs opacity-60" dateTime={comment.createdAt} title={new Date(comment.createdAt).toLocaleString()}>
            {formatDistanceToNowStrict(new Date(comment.createdAt), { addSuffix: true })}
          </time>
        </p>
        <Markdown text={comment.body} className="mt-1 break-words" />
        {comment.attachments && <AttachmentList attachments={comment.attachments} />}
        {comment.internal && <p className="mt-1 text-xs font-medium opacity-80">Only staff can see this</p>}
      </div>
    </li>
  );
}

export type ComposerMode = 'reply' | 'note';

/**
 * Writes a reply, or (when the ticket's abilities allow) an internal note. Typing a
 * note is not announced to the ticket room: the requester would see someone typing
 * and never a reply.
 */
function CommentComposer({
  ticketId,
  onTyping,
  canAddNote,
  insertion,
  cannedReplies,
  focusRequest,
}: {
  ticketId: string;
  onTyping(): void;
  canAddNote: boolean;
  insertion: ComposerInsertion | null;
  /** Placeholder values for canned replies; null when the caller may not use them. */
  cannedReplies: PlaceholderValues | null;
  focusRequest: ComposerFocusRequest | null;
}) {
  const addComment = useAddComment(ticketId);
  const attachments = useAttachmentDrafts(ticketId);
  const [mode, setMode] = useState<ComposerMode>('reply');
  const isNote = canAddNote && mode === 'note';
  const {
    register,
    setValue,
    getValues,
    setFocus,
    formError,
    onSubmit,
    formState: { errors, isSubmitting },
  } = useServerForm({
    schema: commentCreateBodySchema,
    defaultValues: { body: '' },
    async submit(values, form) {
      const comment = await addComment.mutateAsync(isNote ? { body: values.body, internal: true } : { body: values.body });
      // Whatever was typed while this one was on its way (the next reply, a note) stays in the box.
      if (form.getValues('body') === values.body) form.reset({ body: '' });
      await attachments.uploadAll(comment.id);
    },
  });

  useEffect(() => {
    if (insertion) setValue('body', insertion.text, { shouldDirty: true });
  }, [insertion, setValue]);

  useEffect(() => {
    if (!focusRequest) return;
    // Someone who may not write notes gets the reply mode they can use.
    setMode(focusRequest.mode === 'note' && canAddNote ? 'note' : 'reply');
    setFocus('body');
  }, [focusRequest, canAddNote, setFocus]);

  const field = register('body', {
    onChange: () => {
      if (!isNote) onTyping();
    },
  });
  const canned = useCannedReplyInsertion({
    enabled: cannedReplies !== null,
    read: () => getValues('body'),
    write: (text) => setValue('body', text, { shouldDirty: true, shouldValidate: false }),
  });
  return (
    <form onSubmit={onSubmit} noValidate className={clsx('flex flex-col gap-2', isNote && 'rounded-box bg-warning/10 p-3')} {...attachments.dropTargetProps}>
      {canAddNote && (
        <div className="join self-start" role="group" aria-label="Who sees what you write">
          {(
            [
              ['reply', 'Reply'],
              ['note', 'Internal note'],
            ] as const
          ).map(([value, label]) => (
            <button
              key={value}
              type="button"
              className={clsx('btn join-item btn-xs', mode === value && (value === 'note' ? 'btn-warning' : 'btn-primary'))}
              aria-pressed={mode === value}
              onClick={() => setMode(value)}
            >
              {label}
            </button>
          ))}
        </div>
      )}
      <FormField
        label={isNote ? 'Add an internal note' : 'Add a comment'}
        error={errors.body?.message}
        hint={`${isNote ? 'Only staff can see this. ' : ''}Ctrl+Enter sends.${cannedReplies ? ' / at the start of a line inserts a canned reply.' : ''}`}
      >
        {(props) => (
          <textarea
            {...props}
            {...field}
            ref={(el) => {
              field.ref(el);
              canned.textareaRef.current = el;
            }}
            className={clsx('textarea min-h-24 w-full', isNote && 'textarea-warning')}
            maxLength={COMMENT_BODY_MAX + 100}
            onKeyDown={(e) => {
              canned.onKeyDown(e);
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void onSubmit();
              }
            }}
          />
        )}
      </FormField>
      <AttachmentPicker drafts={attachments} disabled={isSubmitting} />
      {canned.isOpen && cannedReplies && <CannedReplyPicker values={cannedReplies} onPick={canned.insert} onClose={canned.close} />}
      <FormError message={formError} />
      {cannedReplies && (
        <button type="button" className="btn btn-ghost btn-sm self-start" aria-expanded={canned.isOpen} onClick={canned.isOpen ? canned.close : canned.open}>
          Canned reply
        </button>
      )}
      <button type="submit" className={clsx('btn btn-sm self-end', isNote ? 'btn-warning' : 'btn-primary')} disabled={isSubmitting}>
        {isSubmitting && <span className="loading loading-spinner loading-xs" aria-hidden="true" />}
        {isNote ? 'Add note' : 'Send'}
      </button>
    </form>
  );
}
