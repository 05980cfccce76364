import type { OutboxListQuery, Paginated } from '@relaydesk/shared';
import { findPage } from '../platform/pagination.js';
import { OutboxMessageModel, type OutboxMessageFields } from './outboxModel.js';

/** One page of the development outbox, newest first, optionally filtered by category and recipient. */
export async function listOutbox(query: OutboxListQuery): Promise<Paginated<OutboxMessageFields>> {
  const filter: Record<string, unknown> = {};
  if (query.category) filter.category = query.category;
  if (query.to) filter.to = query.to;
  return findPage<OutboxMessageFields>({ model: OutboxMessageModel, filter, sort: { createdAt: -1, _id: -1 } }, query);
}
