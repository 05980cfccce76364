import type { OutboxListQuery, Paginated } from '@relaydesk/shared';
import type { Actor } from '../domain/actor.js';
import { authorize } from '../domain/authorize.js';
import { findPage } from '../platform/pagination.js';
import { OutboxMessageModel, type OutboxMessageFields } from './outboxModel.js';

/** One page of the development outbox, newest first, optionally filtered by category and recipient. */
export async function listOutbox(actor: Actor, query: OutboxListQuery): Promise<Paginated<OutboxMessageFields>> {
  authorize(actor, 'workspace.viewOutbox', null);
  const filter: Record<string, unknown> = {};
  if (query.category) filter.category = query.category;
  if (query.to) filter.to = query.to;
  return findPage<OutboxMessageFields>({ model: OutboxMessageModel, filter, sort: { createdAt: -1, _id: -1 } }, query);
}
