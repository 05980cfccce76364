import mongoose, { type Connection, type Model, type Types, type UpdateQuery } from 'mongoose';
import siftModule from 'sift';

/**
 * Conditional single-document writes shaped for the engine underneath.
 *
 * On MongoDB, `findOneAndUpdate({_id, ...condition})` is one atomic, indexed write.
 * FerretDB 1.24 hands a filter to its storage only when `_id` is its single key;
 * with any other key beside it, it reads and decodes the whole collection in its
 * proxy (4.3 s at 5,000 tickets on SQLite). There, the document is read by `_id`
 * alone, the condition checked here (with `sift`, MongoDB's query semantics in
 * JavaScript, rather than a second hand-written copy of each condition), and the
 * update written by `_id` alone. That is no weaker than before: FerretDB applies a
 * conditional update by read-modify-write in its proxy anyway, which is why every
 * caller already holds the keyed lock for the document.
 */

// sift is CommonJS whose module.exports is the tester itself; NodeNext types see a namespace.
const sift = siftModule as unknown as typeof siftModule.default;

const ferretDbByConnection = new WeakMap<Connection, Promise<boolean>>();

/** Whether the connection's server is FerretDB (its `buildInfo` names a `ferretdbVersion`); asked once per connection. */
export function servedByFerretDb(connection: Connection = mongoose.connection): Promise<boolean> {
  let known = ferretDbByConnection.get(connection);
  if (!known) {
    known = (async () => {
      const info = await connection.db!.admin().command({ buildInfo: 1 });
      return typeof info.ferretdbVersion === 'string';
    })();
    // A failed probe (connection not up yet) is asked again next time rather than remembered.
    known.catch(() => ferretDbByConnection.delete(connection));
    ferretDbByConnection.set(connection, known);
  }
  return known;
}

/**
 * Applies `update` to the document `_id` only while it matches `condition`, and
 * returns it as written (lean), or null when there is no such document or it did not
 * match. The caller must hold a lock on the document on FerretDB (see above).
 */
export async function updateByIdWhere<T, D = T>(
  model: Model<D>,
  id: Types.ObjectId | string,
  condition: Record<string, unknown>,
  update: UpdateQuery<D>,
  options: { strict?: boolean } = {},
): Promise<T | null> {
  const writeOptions = { returnDocument: 'after' as const, ...(options.strict === false ? { strict: false, strictQuery: false } : {}) };
  if (!(await servedByFerretDb(model.db))) {
    return model.findOneAndUpdate({ _id: id, ...condition }, update, writeOptions).lean<T>();
  }
  const current = await model.findById(id).lean();
  if (!current || !sift(condition)(current)) return null;
  return model.findOneAndUpdate({ _id: id }, update, writeOptions).lean<T>();
}

/**
 * `updateByIdWhere` without the document back: an `updateOne`, for models whose
 * hidden fields (`select: false`) make mongoose send a projection with
 * `findAndModify`, which FerretDB does not implement. True when it wrote.
 */
export async function updateOneByIdWhere<D>(
  model: Model<D>,
  id: Types.ObjectId | string,
  condition: Record<string, unknown>,
  update: UpdateQuery<D>,
  options: { strict?: boolean } = {},
): Promise<boolean> {
  const writeOptions = options.strict === false ? { strict: false, strictQuery: false } : {};
  if (!(await servedByFerretDb(model.db))) {
    return (await model.updateOne({ _id: id, ...condition }, update, writeOptions)).matchedCount > 0;
  }
  const current = await model.findById(id).lean();
  if (!current || !sift(condition)(current)) return false;
  return (await model.updateOne({ _id: id }, update, writeOptions)).matchedCount > 0;
}
