/**
 * Seeds the benchmark database straight through the server's mongoose models:
 * users, moderators and admins, and tickets spread over 90 days that look like
 * what the product produces (triaged, mostly assigned with a score breakdown,
 * statuses consistent with the moderators' workload counters).
 */
import bcrypt from 'bcryptjs';
import { Types } from 'mongoose';
import { CounterModel } from '../../server/src/tickets/counterModel.js';
import { TicketModel, type AssignmentFields, type TicketFields, type TicketSlaFields } from '../../server/src/tickets/ticketModel.js';
import { nextSlaDueAt } from '../../server/src/tickets/slaDueAt.js';
import { DEFAULT_SLA_TARGETS } from '../../server/src/sla/defaults.js';
import { UserModel, type UserFields } from '../../server/src/users/userModel.js';
import { loadCorpus, type LabelledTicket } from '../../server/src/triage/corpus/loadCorpus.js';
import { FILING_COUNTER_ID, filingBlockOf, NUMBER_ENTRIES_MARKER_ID } from '../../server/src/tickets/filingNumbers.js';
import { TicketNumberModel } from '../../server/src/tickets/ticketNumberModel.js';
import { QUEUE_FIELDS_MARKER_ID } from '../../server/src/tickets/queueBackfill.js';
import { SKILL_LEXICON } from '../../server/src/triage/localEngine/skillLexicon.js';

/** Full-scale volume; `--scale` multiplies it. */
export const FULL_SCALE = { tickets: 50_000, moderators: 200, users: 5_000, admins: 2 } as const;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const SPREAD_DAYS = 90;
const ASSIGNED_SHARE = 0.8;
/** Tickets younger than this may still be open; older ones were resolved long ago. */
const OPEN_WINDOW_DAYS = 14;
/**
 * Most open tickets a seeded moderator holds. Below the assignment capacity (10),
 * so freshly created tickets still find moderators with room, as in a team that
 * keeps up with its queue.
 */
const MAX_SEEDED_ACTIVE = 6;
const BATCH_SIZE = 1_000;
/** Parallel insert batches: FerretDB converts documents in Go on both cores. */
const PARALLEL_BATCHES = 2;
const STORED_CANDIDATES = 10;

/** Who the benchmark acts as, and what it seeded. */
export interface SeededData {
  adminIds: string[];
  moderatorIds: string[];
  userIds: string[];
  tickets: number;
  /** Wall-clock seconds the inserts took (hashing and document building included). */
  seconds: number;
}

/** A small deterministic generator, so two runs at one scale seed the same shapes. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type UserDoc = Omit<UserFields, 'createdAt' | 'updatedAt'> & { createdAt: Date; updatedAt: Date };

/** Inserts in batches, a few at a time, bypassing per-document hydration (the shapes are checked once up front). */
async function insertInBatches<T>(insert: (batch: T[]) => Promise<unknown>, docs: T[]): Promise<void> {
  const batches: T[][] = [];
  for (let i = 0; i < docs.length; i += BATCH_SIZE) batches.push(docs.slice(i, i + BATCH_SIZE));
  for (let i = 0; i < batches.length; i += PARALLEL_BATCHES) {
    await Promise.all(batches.slice(i, i + PARALLEL_BATCHES).map(insert));
  }
}

/**
 * Service-level clocks as the timers would have left them under the default targets:
 * most assigned tickets answered, about a third of them late; a clock past its target
 * without a stop flagged as breached.
 */
function seededClocks(
  t: { createdAt: Date; priority: TicketFields['priority']; assigned: boolean; completedAt: Date | null; now: number },
  random: () => number,
): TicketSlaFields {
  const target = DEFAULT_SLA_TARGETS[t.priority];
  const at = (minutes: number) => new Date(t.createdAt.getTime() + minutes * 60_000);
  const firstResponseDueAt = at(target.firstResponseMinutes);
  const resolutionDueAt = at(target.resolutionMinutes);
  const answeredAt = at(target.firstResponseMinutes * random() * 1.5);
  const firstRespondedAt = t.assigned && answeredAt.getTime() <= t.now ? answeredAt : null;
  const passed = (stop: Date | null, due: Date) => (stop ? stop.getTime() : t.now) > due.getTime();
  return {
    firstResponseDueAt,
    firstResponseWarnAt: at(target.firstResponseMinutes * 0.8),
    firstRespondedAt,
    resolutionDueAt,
    resolutionWarnAt: at(target.resolutionMinutes * 0.8),
    resolvedAt: t.completedAt,
    pausedSince: null,
    resolutionStartedAt: t.createdAt,
    pausedMinutes: 0,
    cycle: 0,
    planVersion: 1,
    warned: { firstResponse: passed(firstRespondedAt, at(target.firstResponseMinutes * 0.8)), resolution: passed(t.completedAt, at(target.resolutionMinutes * 0.8)) },
    breached: { firstResponse: passed(firstRespondedAt, firstResponseDueAt), resolution: passed(t.completedAt, resolutionDueAt) },
  };
}

/** Throws if a generated document does not pass the model's own validation. */
async function assertValid(doc: unknown, model: typeof UserModel | typeof TicketModel, what: string): Promise<void> {
  try {
    await new model(doc).validate();
  } catch (err) {
    throw new Error(`seeded ${what} does not match the model: ${(err as Error).message}`);
  }
}

/**
 * Seeds `FULL_SCALE × scale` documents (at least a handful of each kind) into an
 * empty database the mongoose default connection points at.
 */
export async function seedDatabase(
  scale: number,
  log: (message: string) => void,
  /** Exact ticket count instead of `scale × 50,000` (0 allowed: the people alone). */
  options: { tickets?: number; withSla?: boolean } = {},
): Promise<SeededData> {
  const started = performance.now();
  const random = seededRandom(20_240_601);
  // A generator of its own, so seeding with clocks leaves every other shape as it was.
  const slaRandom = seededRandom(20_261_130);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const count = (n: number, min: number) => Math.max(min, Math.round(n * scale));
  const volume = {
    tickets: options.tickets ?? count(FULL_SCALE.tickets, 50),
    moderators: count(FULL_SCALE.moderators, 4),
    users: count(FULL_SCALE.users, 20),
    admins: FULL_SCALE.admins,
  };
  const now = Date.now();
  const corpus: LabelledTicket[] = loadCorpus();
  const skills = Object.keys(SKILL_LEXICON);
  // bcrypt is slow on purpose; a few shared low-cost hashes keep seeding about the database.
  const hashes = ['bench-password-1', 'bench-password-2', 'bench-password-3'].map((p) => bcrypt.hashSync(p, 4));

  const makeUser = (role: UserFields['role'], index: number): UserDoc => {
    const createdAt = new Date(now - (SPREAD_DAYS + 30) * DAY_MS + random() * 30 * DAY_MS);
    return {
      _id: new Types.ObjectId(),
      name: `${role[0]!.toUpperCase()}${role.slice(1)} ${index + 1}`,
      email: `${role}-${index + 1}@bench.relaydesk.test`,
      passwordHash: pick(hashes),
      role,
      skills:
        role === 'user'
          ? []
          : [...new Set(Array.from({ length: 2 + Math.floor(random() * 3) }, () => pick(skills)))],
      presence: 'online',
      totalResolved: 0,
      resolutionHoursTotal: 0,
      activeTickets: 0,
      lastAssignedAt: null,
      authVersion: 0,
      createdAt,
      updatedAt: createdAt,
    };
  };
  const admins = Array.from({ length: volume.admins }, (_, i) => makeUser('admin', i));
  const moderators = Array.from({ length: volume.moderators }, (_, i) => makeUser('moderator', i));
  const users = Array.from({ length: volume.users }, (_, i) => makeUser('user', i));
  const activeTarget = moderators.map(() => Math.floor(random() * (MAX_SEEDED_ACTIVE + 1)));

  // Tickets are generated oldest first, so their filing numbers follow their creation times.
  const makeTicket = (index: number): TicketFields => {
    const source = pick(corpus);
    const ageMs = (1 - (index + random()) / volume.tickets) * SPREAD_DAYS * DAY_MS;
    const filingNumber = index + 1;
    const createdAt = new Date(now - ageMs);
    const isRecent = ageMs < OPEN_WINDOW_DAYS * DAY_MS;
    const creator = pick(users);
    let assignee: UserDoc | null = null;
    let status: TicketFields['status'] = 'completed';
    let assignment: AssignmentFields | null = null;

    if (random() < ASSIGNED_SHARE) {
      const modIndex = Math.floor(random() * moderators.length);
      const moderator = moderators[modIndex]!;
      assignee = moderator;
      if (isRecent && moderator.activeTickets < activeTarget[modIndex]!) {
        status = random() < 0.5 ? 'todo' : 'in_progress';
        moderator.activeTickets += 1;
      }
      const assignedAt = new Date(createdAt.getTime() + random() * 5 * 60_000);
      if (!moderator.lastAssignedAt || moderator.lastAssignedAt < assignedAt) moderator.lastAssignedAt = assignedAt;
      const candidates = Array.from({ length: STORED_CANDIDATES }, (_, rank) => {
        const candidate = rank === 0 ? moderator : pick(moderators);
        const skillMatch = Math.round(random() * 10_000) / 10_000;
        const availability = Math.round(random() * 10_000) / 10_000;
        const performance = Math.round((0.3 + random() * 0.6) * 10_000) / 10_000;
        return {
          moderatorId: candidate._id,
          name: candidate.name,
          score: Math.round((0.5 * skillMatch + 0.3 * availability + 0.2 * performance) * 10_000) / 10_000,
          skillMatch,
          availability,
          performance,
          presence: 'online',
        };
      });
      const winner = candidates[0]!;
      assignment = {
        moderatorId: moderator._id,
        score: winner.score,
        skillMatch: winner.skillMatch,
        availability: winner.availability,
        performance: winner.performance,
        candidates,
        reason: `Best skill match for ${source.skills.join(', ') || 'general support'} with ${Math.floor(random() * 10) + 1}/10 capacity free and an average resolution of ${Math.round(random() * 480) / 10} h`,
        assignedAt,
      };
    } else if (isRecent && random() < 0.3) {
      status = 'todo';
    }

    let completedAt: Date | null = null;
    if (status === 'completed') {
      const hours = 0.5 + random() * 72;
      completedAt = new Date(Math.min(now, createdAt.getTime() + hours * HOUR_MS));
      if (assignee) {
        assignee.totalResolved += 1;
        assignee.resolutionHoursTotal += (completedAt.getTime() - createdAt.getTime()) / HOUR_MS;
      }
    }
    const sla = options.withSla ? seededClocks({ createdAt, priority: source.priority, assigned: assignee !== null, completedAt, now }, slaRandom) : null;
    return {
      _id: new Types.ObjectId(),
      title: source.title,
      description: source.description,
      status,
      priority: source.priority,
      createdBy: creator._id,
      assignedTo: assignee?._id ?? null,
      relatedSkills: source.skills,
      helpfulNotes: 'Ask for the exact time it happened and a screenshot of the error.',
      summary: source.title,
      category: source.category,
      triagedBy: 'local',
      triageConfidence: null,
      excludedModerators: [],
      correctedFields: [],
      assignmentToken: null,
      assignmentFrom: null,
      sla,
      slaDueAt: nextSlaDueAt(sla),
      // As the queue's start-up backfill would leave them: whose turn from the status alone.
      waitingOn: status === 'completed' ? null : 'staff',
      waitingSince: status === 'completed' ? null : createdAt,
      lastPublicActivityAt: completedAt ?? createdAt,
      lastActivityAt: completedAt ?? createdAt,
      assignment,
      commentCount: Math.floor(random() * 6),
      completedAt,
      filingNumber,
      filingBlock: filingBlockOf(filingNumber),
      createdAt,
      updatedAt: completedAt ?? createdAt,
    };
  };

  // Tickets are generated a batch at a time, between inserts, so the process never blocks
  // for long; the people go in last, once their workload counters are final.
  let validated = false;
  const inFlight: Promise<unknown>[] = [];
  for (let done = 0; done < volume.tickets; ) {
    const first = done;
    const batch = Array.from({ length: Math.min(BATCH_SIZE, volume.tickets - done) }, (_, i) => makeTicket(first + i));
    done += batch.length;
    if (!validated) {
      await assertValid(batch.find((t) => t.assignment) ?? batch[0], TicketModel, 'ticket');
      validated = true;
    }
    if (inFlight.length >= PARALLEL_BATCHES) await inFlight.shift();
    // Each batch with the `ticket_numbers` entries this version writes as it files a ticket.
    const insert = Promise.all([
      TicketModel.insertMany(batch, { lean: true }),
      TicketNumberModel.insertMany(batch.map((t) => ({ _id: String(t.filingNumber), tickets: [t._id] })), { lean: true }),
    ]);
    // Awaited below; this only keeps a failure from counting as unhandled while it waits its turn.
    insert.catch(() => {});
    inFlight.push(insert);
  }
  await Promise.all(inFlight);
  await CounterModel.create({ _id: FILING_COUNTER_ID, seq: volume.tickets });
  // The tickets carry the work-queue fields already, as this version writes them: a server started on this data
  // must not run the one-off backfill for data from before those fields (a scan of every ticket).
  await CounterModel.create({ _id: QUEUE_FIELDS_MARKER_ID, seq: 0 });
  await CounterModel.create({ _id: NUMBER_ENTRIES_MARKER_ID, seq: volume.tickets });
  log(`seeded ${volume.tickets} tickets`);

  const people = [...admins, ...moderators, ...users];
  await assertValid(moderators[0], UserModel, 'moderator');
  await insertInBatches((batch) => UserModel.insertMany(batch, { lean: true }), people);
  const seconds = (performance.now() - started) / 1000;
  log(`seeded ${people.length} people; seeding took ${seconds.toFixed(1)} s`);

  return {
    adminIds: admins.map((u) => String(u._id)),
    moderatorIds: moderators.map((u) => String(u._id)),
    userIds: users.map((u) => String(u._id)),
    tickets: volume.tickets,
    seconds,
  };
}
