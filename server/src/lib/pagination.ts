import type { Paginated } from '@relaydesk/shared';
import type { Model, PopulateOptions, SortOrder } from 'mongoose';

export interface PageRequest {
  page: number;
  limit: number;
}

export interface PageQuery<T> {
  model: Model<T>;
  filter: Record<string, unknown>;
  sort: Record<string, SortOrder>;
  populate?: PopulateOptions[];
  select?: string;
}

/** One page of a filtered, sorted list, and the total, with the standard envelope. */
export async function findPage<T, R = T>(query: PageQuery<T>, { page, limit }: PageRequest): Promise<Paginated<R>> {
  const [items, total] = await Promise.all([
    query.model
      .find(query.filter)
      .sort(query.sort)
      .skip((page - 1) * limit)
      .limit(limit)
      .select(query.select ?? '')
      .populate(query.populate ?? [])
      .lean<R[]>(),
    query.model.countDocuments(query.filter),
  ]);
  return { items, page, limit, total, totalPages: Math.ceil(total / limit) };
}

/** Escapes text for use inside a RegExp (Node 20 has no RegExp.escape). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
