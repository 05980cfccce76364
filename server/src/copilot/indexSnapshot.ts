import { randomUUID } from 'node:crypto';
import mongoose, { Schema } from 'mongoose';
import type { KeyedLock } from '../platform/keyedLock.js';
import type { StoredIndexedTicket } from './indexModels.js';

/**
 * The whole similar-ticket index as one process last read it, in a few large
 * documents, with the change-log position it reflects. A process starting up reads
 * these (about 25 lookups by `_id` at 50,000 solved tickets) and then the changes
 * logged since, instead of every entry of `copilot_tickets`: reading 50,000 entries
 * kept the embedded database busy for seconds after each start, and a new ticket
 * took half as long again to reach its moderator meanwhile (p95 249 ms against
 * 164 ms without it, at 50,000 tickets).
 *
 * `current` names the snapshot in use; its chunks are `<snapshot id>:<n>`, written
 * before `current` points at them, so a reader never sees a half-written one. A
 * process dying before the switch leaves chunks nobody reads.
 */
interface SnapshotDoc {
  _id: string;
  snapshot?: string;
  chunks?: number;
  logId?: string;
  seq?: number;
  takenAt?: Date;
  /** A chunk's entries, as the JSON of an array of stored entries. */
  entries?: string;
}

const SnapshotModel = mongoose.model<SnapshotDoc>(
  'CopilotIndexSnapshot',
  new Schema<SnapshotDoc>(
    { _id: String, snapshot: String, chunks: Number, logId: String, seq: Number, takenAt: Date, entries: String },
    { versionKey: false },
  ),
  'copilot_snapshots',
);

const CURRENT = 'current';
const SWITCH_LOCK = 'copilot:index:snapshot';
/** A chunk's JSON stays under this many characters (a document may hold 16 MB; entries vary with their text). */
const CHUNK_CHARS = 4_000_000;

/** `entries` as the JSON of consecutive slices, each under CHUNK_CHARS unless one entry alone is larger. */
export function chunkEntries(entries: readonly StoredIndexedTicket[], limit = CHUNK_CHARS): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let size = 2;
  for (const entry of entries) {
    const json = JSON.stringify(entry);
    if (current.length > 0 && size + json.length + 1 > limit) {
      chunks.push(`[${current.join(',')}]`);
      current = [];
      size = 2;
    }
    current.push(json);
    size += json.length + 1;
  }
  if (current.length > 0) chunks.push(`[${current.join(',')}]`);
  return chunks;
}

/** Where a snapshot stands in the change log. */
export interface LogPosition {
  logId: string;
  seq: number;
}

/** The snapshot in use, with its position; null when there is none (or a chunk is missing). */
export async function readSnapshot(): Promise<{ at: LogPosition; entries: StoredIndexedTicket[] } | null> {
  const current = await SnapshotModel.findById(CURRENT).lean();
  if (!current?.snapshot || current.logId === undefined || current.seq === undefined) return null;
  const entries: StoredIndexedTicket[] = [];
  for (let n = 0; n < (current.chunks ?? 0); n += 1) {
    const chunk = await SnapshotModel.findById(`${current.snapshot}:${n}`).lean();
    if (typeof chunk?.entries !== 'string') return null;
    for (const entry of JSON.parse(chunk.entries) as StoredIndexedTicket[]) {
      entries.push({ ...entry, completedAt: entry.completedAt ? new Date(entry.completedAt) : null });
    }
  }
  return { at: { logId: current.logId, seq: current.seq }, entries };
}

/**
 * Stores `entries` (every stored entry as read at `at`) as the snapshot in use,
 * unless one at the same or a later position of the same log is already in use.
 * The chunks are written outside the lock (under a new id nobody else uses); only
 * the switch, and removing the chunks it replaces, are serialised across processes.
 */
export async function writeSnapshot(lock: KeyedLock, entries: readonly StoredIndexedTicket[], at: LogPosition): Promise<boolean> {
  const id = randomUUID();
  const parts = chunkEntries(entries);
  const chunks = parts.length;
  for (let n = 0; n < chunks; n += 1) await SnapshotModel.create({ _id: `${id}:${n}`, entries: parts[n] });
  const dropChunks = (snapshot: string, count: number) =>
    Promise.all(Array.from({ length: count }, (_, n) => SnapshotModel.deleteOne({ _id: `${snapshot}:${n}` })));
  const outcome = await lock.run(SWITCH_LOCK, async () => {
    const previous = await SnapshotModel.findById(CURRENT).lean();
    if (previous?.logId === at.logId && (previous.seq ?? -1) >= at.seq) return { switched: false as const };
    await SnapshotModel.replaceOne({ _id: CURRENT }, { _id: CURRENT, snapshot: id, chunks, logId: at.logId, seq: at.seq, takenAt: new Date() }, { upsert: true });
    return { switched: true as const, previous };
  });
  if (!outcome.switched) {
    await dropChunks(id, chunks);
    return false;
  }
  if (outcome.previous?.snapshot) await dropChunks(outcome.previous.snapshot, outcome.previous.chunks ?? 0);
  return true;
}
