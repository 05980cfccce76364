import { Types } from 'mongoose';
import { UserModel } from './userModel.js';
import type { UserRefSource } from './presenter.js';

/**
 * Replaces the user ids found at `paths` in each document with `{ _id, name, role }`,
 * leaving a bare id where the user no longer exists (presenters show "Unknown user").
 *
 * This stands in for mongoose's `populate`, which asks for `_id: {$in: [...]}`.
 * FerretDB does not push `$in` down to its storage, so every populate scanned all
 * users (0.65 s for 20 ids among 5,200 users on its PostgreSQL handler), while a
 * lookup by one `_id` is pushed down on every engine (20 of them side by side took
 * 0.14 s there, and are index hits on MongoDB). A page names a few dozen people at most.
 */
export async function withUserRefs<R>(docs: readonly object[], paths: readonly string[]): Promise<R[]> {
  const ids = new Set<string>();
  for (const doc of docs) {
    for (const path of paths) {
      const value = (doc as Record<string, unknown>)[path];
      if (value instanceof Types.ObjectId) ids.add(value.toHexString());
    }
  }
  const refs = new Map<string, UserRefSource>();
  await Promise.all(
    [...ids].map(async (id) => {
      const user = await UserModel.findById(id).select('name role').lean<UserRefSource>();
      if (user) refs.set(id, user);
    }),
  );
  return docs.map((doc) => {
    const copy: Record<string, unknown> = { ...doc };
    for (const path of paths) {
      const value = copy[path];
      if (value instanceof Types.ObjectId) copy[path] = refs.get(value.toHexString()) ?? value;
    }
    return copy as R;
  });
}

/** `withUserRefs` for one document, or null. */
export async function withUserRefsOne<R>(doc: object | null, paths: readonly string[]): Promise<R | null> {
  if (!doc) return null;
  const [one] = await withUserRefs<R>([doc], paths);
  return one ?? null;
}
