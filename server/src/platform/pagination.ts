import type { Paginated } from '@relaydesk/shared';
import type { Model, SortOrder } from 'mongoose';

export interface PageRequest {
  page: number;
  limit: number;
}

export interface PageQuery<T, R = T> {
  model: Model<T>;
  filter: Record<string, unknown>;
  sort: Record<string, SortOrder>;
  select?: string;
  /** Turns the page's lean documents into what the caller returns (e.g. names for user ids). */
  resolve?: (items: T[]) => Promise<R[]>;
}

/** One page of a filtered, sorted list, and the total, with the standard envelope. */
export async function findPage<T, R = T>(query: PageQuery<T, R>, { page, limit }: PageRequest): Promise<Paginated<R>> {
  const [docs, total] = await Promise.all([
    query.model
      .find(query.filter)
      .sort(query.sort)
      .skip((page - 1) * limit)
      .limit(limit)
      .select(query.select ?? '')
      .lean<T[]>(),
    query.model.countDocuments(query.filter),
  ]);
  const items = query.resolve ? await query.resolve(docs) : (docs as unknown as R[]);
  return { items, page, limit, total, totalPages: Math.ceil(total / limit) };
}

/** Escapes text for use inside a RegExp (Node 20 has no RegExp.escape). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
