import { PRIORITIES, TICKET_STATUSES, type Priority, type TicketStatus, type WaitingOn } from '@relaydesk/shared';
import mongoose, { Schema, type HydratedDocument, type Types } from 'mongoose';
import { toJsonPlugin } from '../platform/toJsonPlugin.js';
import { deriveSlaDueAtOnWrite } from './slaDueAt.js';

export interface AssignmentCandidateFields {
  moderatorId: Types.ObjectId;
  name: string;
  score: number;
  skillMatch: number;
  availability: number;
  performance: number;
  presence: string;
  /** Where they stood and why, as the assignment panel shows it. */
  standing?: string;
}

/** Why a ticket went to its assignee: the winner's score breakdown and the runners-up. */
export interface AssignmentFields {
  moderatorId: Types.ObjectId;
  score: number;
  skillMatch: number;
  availability: number;
  performance: number;
  candidates: AssignmentCandidateFields[];
  reason: string;
  assignedAt: Date;
}

/** Whether each clock has passed its warning (80%) or its target. */
export interface SlaFlags {
  firstResponse: boolean;
  resolution: boolean;
}

/**
 * The service-level clocks of a ticket (see `sla/plan.ts`, which computes them).
 * The warning moments and the bookkeeping below them stay on the server.
 */
export interface TicketSlaFields {
  firstResponseDueAt: Date | null;
  firstResponseWarnAt: Date | null;
  firstRespondedAt: Date | null;
  resolutionDueAt: Date | null;
  resolutionWarnAt: Date | null;
  resolvedAt: Date | null;
  pausedSince: Date | null;
  /** When the current resolution clock started: creation, or the last reopening. */
  resolutionStartedAt: Date;
  /** Working minutes the current resolution clock spent paused, added to its target. */
  pausedMinutes: number;
  /** Resolution clocks so far minus one: reopening starts a new one. */
  cycle: number;
  /** Bumped by every re-plan; a timer started for an older plan stops when it wakes. */
  planVersion: number;
  warned: SlaFlags;
  breached: SlaFlags;
}

export interface TicketFields {
  _id: Types.ObjectId;
  title: string;
  description: string;
  status: TicketStatus;
  priority: Priority;
  createdBy: Types.ObjectId;
  assignedTo: Types.ObjectId | null;
  relatedSkills: string[];
  helpfulNotes: string;
  summary: string;
  category: string;
  /** Which triage engine answered, or null before triage. */
  triagedBy: string | null;
  /** The engine's confidence in the priority (0..1); null before triage or once a person corrected it. */
  triageConfidence: number | null;
  /** People who gave this ticket back: automatic assignment passes them over for it. */
  excludedModerators: Types.ObjectId[];
  /** Triage fields a person set; automatic triage leaves them as they are. */
  correctedFields: Array<'priority' | 'category' | 'relatedSkills'>;
  assignment: AssignmentFields | null;
  /**
   * Names the write that set `assignedTo` (an automatic assignment passes its workflow
   * run): a retry that finds its own token here finishes that assignment's side effects.
   */
  assignmentToken: string | null;
  /** Who had the ticket before that write, for the side effects a retry finishes. */
  assignmentFrom: Types.ObjectId | null;
  commentCount: number;
  completedAt: Date | null;
  /** Null on tickets filed before service levels existed. */
  sla: TicketSlaFields | null;
  /**
   * Place in the order tickets were filed (1, 2, 3, ...); see tickets/filingNumbers.ts.
   * Also the ticket's human number, presented as `number` and shown as `#1042`.
   */
  filingNumber: number;
  /** `filingNumber` divided into blocks, so a page of the newest tickets is one or two equality lookups. */
  filingBlock: number;
  /** Whose turn it is: staff owe the requester an answer, or the other way round; null once completed. */
  waitingOn: WaitingOn | null;
  /** Since when `waitingOn` has held. */
  waitingSince: Date | null;
  /** The last comment or status change anyone may see (internal notes left out), for the requester's unread marks. */
  lastPublicActivityAt: Date | null;
  /** The last comment, note or status change, for staff's unread marks. */
  lastActivityAt: Date | null;
  /**
   * The next service-level deadline of a running clock, derived from `sla` on every
   * write that sets it (see the hooks below), so the queue can sort by it.
   */
  slaDueAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const candidateSchema = new Schema<AssignmentCandidateFields>(
  {
    moderatorId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    name: String,
    score: Number,
    skillMatch: Number,
    availability: Number,
    performance: Number,
    presence: String,
    standing: String,
  },
  { _id: false },
);

const assignmentSchema = new Schema<AssignmentFields>(
  {
    moderatorId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    score: Number,
    skillMatch: Number,
    availability: Number,
    performance: Number,
    candidates: { type: [candidateSchema], default: [] },
    reason: String,
    assignedAt: Date,
  },
  { _id: false },
);

const slaFlagsSchema = new Schema<SlaFlags>(
  { firstResponse: { type: Boolean, default: false }, resolution: { type: Boolean, default: false } },
  { _id: false },
);

const ticketSlaSchema = new Schema<TicketSlaFields>(
  {
    firstResponseDueAt: { type: Date, default: null },
    firstResponseWarnAt: { type: Date, default: null },
    firstRespondedAt: { type: Date, default: null },
    resolutionDueAt: { type: Date, default: null },
    resolutionWarnAt: { type: Date, default: null },
    resolvedAt: { type: Date, default: null },
    pausedSince: { type: Date, default: null },
    resolutionStartedAt: { type: Date, required: true },
    pausedMinutes: { type: Number, default: 0 },
    cycle: { type: Number, default: 0 },
    planVersion: { type: Number, default: 0 },
    warned: { type: slaFlagsSchema, default: () => ({}) },
    breached: { type: slaFlagsSchema, default: () => ({}) },
  },
  { _id: false },
);

const ticketSchema = new Schema<TicketFields>(
  {
    title: { type: String, required: true, trim: true },
    description: { type: String, required: true },
    status: { type: String, enum: TICKET_STATUSES, default: 'todo', required: true },
    priority: { type: String, enum: PRIORITIES, default: 'medium', required: true },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    assignedTo: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    relatedSkills: { type: [String], default: [] },
    helpfulNotes: { type: String, default: '' },
    summary: { type: String, default: '' },
    category: { type: String, default: 'other' },
    triagedBy: { type: String, default: null },
    triageConfidence: { type: Number, default: null },
    excludedModerators: { type: [{ type: Schema.Types.ObjectId, ref: 'User' }], default: [] },
    correctedFields: { type: [String], default: [] },
    assignment: { type: assignmentSchema, default: null },
    assignmentToken: { type: String, default: null },
    assignmentFrom: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    commentCount: { type: Number, default: 0 },
    completedAt: { type: Date, default: null },
    sla: { type: ticketSlaSchema, default: null },
    filingNumber: { type: Number, required: true },
    filingBlock: { type: Number, required: true },
    waitingOn: { type: String, enum: ['staff', 'requester', null], default: null },
    waitingSince: { type: Date, default: null },
    lastPublicActivityAt: { type: Date, default: null },
    lastActivityAt: { type: Date, default: null },
    slaDueAt: { type: Date, default: null },
  },
  { timestamps: true },
);
deriveSlaDueAtOnWrite(ticketSchema);
// One index per list query shape: a user's own tickets, a moderator's queue, the admin's filtered view, the admin's newest tickets.
ticketSchema.index({ createdBy: 1, createdAt: -1, _id: -1 });
ticketSchema.index({ assignedTo: 1, status: 1, createdAt: -1 });
ticketSchema.index({ status: 1, priority: 1, createdAt: -1 });
ticketSchema.index({ filingBlock: 1 });
// Looking a ticket up by the number people quote (`#1042`). Not unique: see filingNumbers.ts on a Redis outage.
ticketSchema.index({ filingNumber: 1 });
// The work queue's sorts (see tickets/queueList.ts): each segment is an equality or range on its lead field.
ticketSchema.index({ priority: 1, createdAt: -1 });
ticketSchema.index({ waitingOn: 1, waitingSince: 1 });
ticketSchema.index({ slaDueAt: 1 });
ticketSchema.index({ 'sla.breached.firstResponse': 1, status: 1 });
ticketSchema.index({ 'sla.breached.resolution': 1, status: 1 });
ticketSchema.plugin(toJsonPlugin);

export type TicketDocument = HydratedDocument<TicketFields>;
export const TicketModel = mongoose.model<TicketFields>('Ticket', ticketSchema);
