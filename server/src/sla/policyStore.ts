import type { SlaPolicy, SlaPolicyBody } from '@relaydesk/shared';
import { Types } from 'mongoose';
import { DEFAULT_SLA_TARGETS } from './defaults.js';
import type { SlaRules } from './plan.js';
import { SlaPolicyChangeModel, SlaPolicyModel } from './policyModel.js';

const CURRENT = 'current';

/** The policy in force: the stored one, or the defaults around the clock. One `_id` lookup. */
export async function loadSlaPolicy(): Promise<SlaPolicy> {
  const stored = await SlaPolicyModel.findById(CURRENT).lean();
  return {
    targets: { ...DEFAULT_SLA_TARGETS, ...(stored?.targets ?? {}) },
    businessHours: stored?.businessHours ?? null,
    updatedAt: stored ? stored.updatedAt.toISOString() : null,
  };
}

/** The policy as planning takes it. */
export async function loadSlaRules(): Promise<SlaRules> {
  const { targets, businessHours } = await loadSlaPolicy();
  return { targets, businessHours };
}

/**
 * Merges a change into the policy (a priority left out keeps its target; business
 * hours left out stay as they are), stores it and records the change with the
 * policy before and after. Callers serialise calls (one lock), FerretDB not being atomic.
 */
export async function saveSlaPolicy(body: SlaPolicyBody, changedBy: string): Promise<{ before: SlaPolicy; after: SlaPolicy; changeId: string }> {
  const before = await loadSlaPolicy();
  const targets = { ...before.targets };
  for (const [priority, target] of Object.entries(body.targets) as Array<[keyof typeof targets, (typeof targets)['low'] | undefined]>) {
    if (target) targets[priority] = target;
  }
  const businessHours = body.businessHours === undefined ? before.businessHours : body.businessHours;
  const updatedAt = new Date();
  await SlaPolicyModel.updateOne(
    { _id: CURRENT },
    { $set: { targets, businessHours, updatedBy: new Types.ObjectId(changedBy), updatedAt } },
    { upsert: true },
  );
  const after: SlaPolicy = { targets, businessHours, updatedAt: updatedAt.toISOString() };
  const change = await SlaPolicyChangeModel.create({
    changedBy: new Types.ObjectId(changedBy),
    before: JSON.stringify({ targets: before.targets, businessHours: before.businessHours }),
    after: JSON.stringify({ targets, businessHours }),
  });
  return { before, after, changeId: String(change._id) };
}

/** Notes how many open tickets a change re-planned, on its history entry. */
export async function noteReplanned(changeId: string, ticketsReplanned: number): Promise<void> {
  await SlaPolicyChangeModel.updateOne({ _id: changeId }, { $set: { ticketsReplanned } });
}
