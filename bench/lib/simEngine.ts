/**
 * Discrete-event simulation of a helpdesk under one assignment policy.
 *
 * Events: a ticket arrives, a shift starts or ends, a moderator finishes a reply,
 * a customer answers. A ticket is assigned once, when it arrives or, if the policy
 * finds nobody, later from a first-in-first-out queue of unassigned tickets that is
 * offered again after every event that can change the answer (a ticket resolved, a
 * shift started or ended). It is never moved afterwards, as in RelayDesk and Chatwoot
 * without a manual re-assignment.
 *
 * A moderator works only while online, on one reply at a time, oldest waiting first;
 * work left at the end of a shift is resumed at the next one. A reply takes
 * `work / replies × (1 + skillEffect × (1 − fit)) / speed` hours of working time, and
 * the work rate is divided by `1 + loadPenalty × (active − 1)` while `active` tickets
 * are open on the moderator. Between replies the ticket waits for the customer, still
 * counting against the moderator's capacity.
 */
import { skillFit, type SimModerator, type SimTicket, type SimWorld } from './simModel.js';

/** What a policy may look at when it chooses. */
export interface ModeratorView {
  readonly moderator: SimModerator;
  readonly index: number;
  readonly online: boolean;
  /** Tickets assigned and not resolved. */
  readonly active: number;
  readonly totalResolved: number;
  /** Sum over resolved tickets of resolution time (arrival to resolution), hours. */
  readonly resolutionHoursTotal: number;
  /** Simulation hour of the last assignment, null if never. */
  readonly lastAssignedAt: number | null;
}

/** An assignment policy: the moderator to give the ticket to now, or null to leave it queued. */
export interface Policy {
  readonly name: string;
  choose(ticket: SimTicket, moderators: readonly ModeratorView[], now: number): number | null;
}

/** The outcome of one ticket. */
export interface TicketOutcome {
  ticket: SimTicket;
  moderator: number | null;
  assignedAt: number | null;
  resolvedAt: number | null;
  fit: number | null;
  /** The assignee was offline when the ticket was given to them. */
  assignedOffline: boolean;
  /** Someone was online when the ticket was given to an offline moderator (all of them full, for the scorer). */
  assignedOfflineWhileOthersOnline: boolean;
  /** The assignment took the assignee above capacity. */
  overCapacity: boolean;
}

/** Per moderator, over the measured window. */
export interface ModeratorOutcome {
  id: string;
  /** Measured tickets assigned to them. */
  assigned: number;
  /** Highest number of open tickets at any time in the measured window. */
  maxActive: number;
  onlineHours: number;
  /** Hours spent working (online with a reply in hand). */
  busyHours: number;
  /** Hours with more open tickets than the capacity. */
  overCapacityHours: number;
}

export interface RunOutcome {
  policy: string;
  tickets: TicketOutcome[];
  moderators: ModeratorOutcome[];
  /** Assignments in the measured window that took a moderator above capacity. */
  capacityViolations: number;
  /** Events processed. */
  events: number;
  endedAt: number;
}

enum EventKind {
  Arrival,
  ShiftStart,
  ShiftEnd,
  ReplyDone,
  CustomerAnswer,
}

interface SimEvent {
  time: number;
  seq: number;
  kind: EventKind;
  /** Ticket id or moderator index, by kind. */
  subject: number;
  /** For ReplyDone: the moderator's schedule version it was computed under. */
  version: number;
}

/** Binary min-heap on (time, seq): simultaneous events run in the order they were scheduled. */
class EventQueue {
  private readonly heap: SimEvent[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(time: number, kind: EventKind, subject: number, version = 0): void {
    const event: SimEvent = { time, seq: this.seq++, kind, subject, version };
    const heap = this.heap;
    heap.push(event);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  pop(): SimEvent | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
        if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
        i = smallest;
      }
    }
    return top;
  }
}

function before(a: SimEvent, b: SimEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

interface ModeratorState extends ModeratorView {
  online: boolean;
  active: number;
  totalResolved: number;
  resolutionHoursTotal: number;
  lastAssignedAt: number | null;
  /** Tickets waiting for this moderator's next reply, oldest first. */
  waiting: number[];
  current: { ticket: number; remaining: number } | null;
  lastUpdate: number;
  version: number;
  outcome: ModeratorOutcome;
}

interface TicketState extends TicketOutcome {
  repliesDone: number;
  /** Working time of one reply for this assignee (speed 1, before the load penalty). */
  replyWork: number;
}

/** Length of the part of [from, to] inside [lo, hi]. */
function overlap(from: number, to: number, lo: number, hi: number): number {
  return Math.max(0, Math.min(to, hi) - Math.max(from, lo));
}

export interface SimulateOptions {
  /** Replaces `parameters.skillEffect` for this run only; the team and the tickets stay the same. */
  skillEffect?: number;
}

/** Runs the world under one policy until every measured ticket is resolved or the horizon is reached. */
export function simulate(world: SimWorld, policy: Policy, options: SimulateOptions = {}): RunOutcome {
  const { parameters, measuredFrom, measuredTo } = world;
  const capacity = parameters.capacity;
  const skillEffect = options.skillEffect ?? parameters.skillEffect;
  const events = new EventQueue();
  const moderators: ModeratorState[] = world.moderators.map((moderator, index) => ({
    moderator,
    index,
    online: false,
    active: 0,
    totalResolved: 0,
    resolutionHoursTotal: 0,
    lastAssignedAt: null,
    waiting: [],
    current: null,
    lastUpdate: 0,
    version: 0,
    outcome: { id: moderator.id, assigned: 0, maxActive: 0, onlineHours: 0, busyHours: 0, overCapacityHours: 0 },
  }));
  const tickets: TicketState[] = world.tickets.map((ticket) => ({
    ticket,
    moderator: null,
    assignedAt: null,
    resolvedAt: null,
    fit: null,
    assignedOffline: false,
    assignedOfflineWhileOthersOnline: false,
    overCapacity: false,
    repliesDone: 0,
    replyWork: 0,
  }));
  const unassigned: number[] = [];
  let capacityViolations = 0;
  let measuredOpen = world.tickets.filter((t) => t.arrival >= measuredFrom && t.arrival < measuredTo).length;
  let processed = 0;
  let now = 0;

  for (const t of world.tickets) events.push(t.arrival, EventKind.Arrival, t.id);
  moderators.forEach((m, index) => {
    for (const [start, end] of m.moderator.online) {
      events.push(start, EventKind.ShiftStart, index);
      events.push(end, EventKind.ShiftEnd, index);
    }
  });

  // The slow-down stops growing at capacity: no figure says how much worse it gets beyond, and
  // not adding any more is the conservative choice for the policies that exceed capacity.
  const rate = (m: ModeratorState) =>
    m.moderator.speed / (1 + parameters.loadPenalty * Math.min(capacity - 1, Math.max(0, m.active - 1)));

  /** Brings a moderator's work and statistics up to `now`, under the state that held since the last update. */
  function advance(m: ModeratorState): void {
    const from = m.lastUpdate;
    if (now > from) {
      const inWindow = overlap(from, now, measuredFrom, measuredTo);
      if (m.online) {
        m.outcome.onlineHours += inWindow;
        if (m.current) {
          m.current.remaining -= rate(m) * (now - from);
          m.outcome.busyHours += inWindow;
        }
      }
      if (m.active > capacity) m.outcome.overCapacityHours += inWindow;
    }
    m.lastUpdate = now;
  }

  /** Picks up the next reply if idle and (re)schedules the end of the current one. */
  function schedule(m: ModeratorState): void {
    m.version += 1;
    if (!m.online) return;
    if (!m.current && m.waiting.length > 0) {
      const ticket = m.waiting.shift()!;
      m.current = { ticket, remaining: tickets[ticket]!.replyWork };
    }
    if (m.current) events.push(now + Math.max(0, m.current.remaining) / rate(m), EventKind.ReplyDone, m.index, m.version);
  }

  function assign(t: TicketState, index: number): void {
    const m = moderators[index]!;
    advance(m);
    const measured = t.ticket.arrival >= measuredFrom && t.ticket.arrival < measuredTo;
    if (m.active >= capacity) {
      t.overCapacity = true;
      if (now >= measuredFrom && now < measuredTo) capacityViolations += 1;
    }
    m.active += 1;
    if (now >= measuredFrom && now < measuredTo) m.outcome.maxActive = Math.max(m.outcome.maxActive, m.active);
    m.lastAssignedAt = now;
    if (measured) m.outcome.assigned += 1;
    t.moderator = index;
    t.assignedAt = now;
    t.assignedOffline = !m.online;
    t.assignedOfflineWhileOthersOnline = !m.online && moderators.some((other) => other.online);
    t.fit = skillFit(t.ticket.skills, m.moderator.skills);
    t.replyWork = (t.ticket.work / t.ticket.replies) * (1 + skillEffect * (1 - t.fit));
    m.waiting.push(t.ticket.id);
    schedule(m);
  }

  /** Offers the ticket to the policy; true when it was assigned. */
  function tryAssign(t: TicketState): boolean {
    const choice = policy.choose(t.ticket, moderators, now);
    if (choice === null) return false;
    assign(t, choice);
    return true;
  }

  /** Offers queued tickets in arrival order until one finds nobody: the ones behind it would not either. */
  function drainUnassigned(): void {
    while (unassigned.length > 0 && tryAssign(tickets[unassigned[0]!]!)) unassigned.shift();
  }

  function resolve(m: ModeratorState, t: TicketState): void {
    t.resolvedAt = now;
    m.active -= 1;
    m.totalResolved += 1;
    m.resolutionHoursTotal += now - t.ticket.arrival;
    if (t.ticket.arrival >= measuredFrom && t.ticket.arrival < measuredTo) measuredOpen -= 1;
  }

  // Set by events that may let a queued ticket be placed. The queue is offered once all events
  // of that instant have run, so that moderators whose shifts start together share it.
  let offerQueue = false;
  while (events.size > 0 && measuredOpen > 0) {
    const event = events.pop()!;
    if (event.time > world.horizonHours) break;
    if (event.time > now && offerQueue) {
      drainUnassigned();
      offerQueue = false;
    }
    now = event.time;
    processed += 1;
    switch (event.kind) {
      case EventKind.Arrival: {
        const t = tickets[event.subject]!;
        // Tickets queue behind those already waiting, as in a first-in-first-out inbox.
        if (unassigned.length > 0 || !tryAssign(t)) unassigned.push(t.ticket.id);
        break;
      }
      case EventKind.ShiftStart:
      case EventKind.ShiftEnd: {
        const m = moderators[event.subject]!;
        advance(m);
        m.online = event.kind === EventKind.ShiftStart;
        schedule(m);
        offerQueue = true;
        break;
      }
      case EventKind.ReplyDone: {
        const m = moderators[event.subject]!;
        if (event.version !== m.version || !m.current) break;
        advance(m);
        const t = tickets[m.current.ticket]!;
        m.current = null;
        t.repliesDone += 1;
        if (t.repliesDone < t.ticket.replies) {
          events.push(now + t.ticket.customerDelays[t.repliesDone - 1]!, EventKind.CustomerAnswer, t.ticket.id);
          schedule(m);
        } else {
          resolve(m, t);
          schedule(m);
          offerQueue = true;
        }
        break;
      }
      case EventKind.CustomerAnswer: {
        const t = tickets[event.subject]!;
        const m = moderators[t.moderator!]!;
        advance(m);
        m.waiting.push(t.ticket.id);
        schedule(m);
        break;
      }
    }
  }
  for (const m of moderators) advance(m);

  return {
    policy: policy.name,
    tickets: tickets.filter((t) => t.ticket.arrival >= measuredFrom && t.ticket.arrival < measuredTo),
    moderators: moderators.map((m) => m.outcome),
    capacityViolations,
    events: processed,
    endedAt: now,
  };
}
