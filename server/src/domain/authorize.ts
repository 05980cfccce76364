import type { ApplicationAction, AttachmentAction, CannedReplyAction, TicketAction, UserAction, WorkspaceAction } from '@relaydesk/shared';
import { attachmentPolicy, type AttachmentAccessFacts } from '../attachments/policy.js';
import { cannedReplyPolicy } from '../cannedReplies/policy.js';
import { applicationPolicy } from '../moderation/policy.js';
import { errors } from '../platform/errors.js';
import { ticketPolicy, type TicketAccessFacts } from '../tickets/policy.js';
import { userPolicy } from '../users/policy.js';
import type { Actor } from './actor.js';
import { abilitiesUnder, isAllowed } from './policy.js';
import { workspacePolicy } from './workspacePolicy.js';

/** Every policy, by the kind of resource it governs. */
const POLICIES = {
  ticket: ticketPolicy,
  user: userPolicy,
  application: applicationPolicy,
  workspace: workspacePolicy,
  cannedReply: cannedReplyPolicy,
  attachment: attachmentPolicy,
};

interface ResourceKinds {
  ticket: { resource: TicketAccessFacts; action: TicketAction };
  user: { resource: { _id: unknown }; action: UserAction };
  application: { resource: { user: unknown }; action: ApplicationAction };
  workspace: { resource: null; action: WorkspaceAction };
  cannedReply: { resource: object; action: CannedReplyAction };
  attachment: { resource: AttachmentAccessFacts; action: AttachmentAction };
}
type Kind = keyof ResourceKinds;

/** An action named with its resource kind, e.g. `ticket.changeStatus`. */
export type QualifiedAction = { [K in Kind]: `${K}.${ResourceKinds[K]['action']}` }[Kind];
type KindOf<A extends QualifiedAction> = A extends `${infer K extends Kind}.${string}` ? K : never;
type ResourceOf<A extends QualifiedAction> = ResourceKinds[KindOf<A>]['resource'];

function split(action: QualifiedAction): [Kind, string] {
  const dot = action.indexOf('.');
  return [action.slice(0, dot) as Kind, action.slice(dot + 1)];
}

/** Whether the actor may take the action on the resource. */
export function can<A extends QualifiedAction>(actor: Actor, action: A, resource: ResourceOf<A>): boolean {
  const [kind, name] = split(action);
  // The mapped types above tie each kind to its resource; the table lookup loses that link.
  const policy = POLICIES[kind] as Parameters<typeof isAllowed<unknown, string, string>>[0];
  return isAllowed(policy, actor, name, resource);
}

/**
 * The one permission check every service makes before it acts: throws
 * `forbidden` when the actor may not take the action. Services call it
 * themselves, so no transport can forget it.
 */
export function authorize<A extends QualifiedAction>(actor: Actor, action: A, resource: ResourceOf<A>): void {
  if (!can(actor, action, resource)) throw errors.forbidden(`you may not ${describe(action)}`);
}

/** The actor's abilities on a resource, for a response's `abilities` field. */
export function abilitiesOn<K extends Kind>(
  actor: Actor,
  kind: K,
  resource: ResourceKinds[K]['resource'],
): Record<ResourceKinds[K]['action'], boolean> {
  const policy = POLICIES[kind] as Parameters<typeof abilitiesUnder<unknown, string, string>>[0];
  return abilitiesUnder(policy, actor, resource) as Record<ResourceKinds[K]['action'], boolean>;
}

const DESCRIPTIONS: Partial<Record<QualifiedAction, string>> = {
  'ticket.changeStatus': 'change the status of this ticket',
  'ticket.comment': 'comment on this ticket',
  'ticket.addInternalNote': 'leave an internal note on this ticket (only its staff may)',
  'ticket.retriage': 'ask for this ticket to be triaged again',
  'ticket.reassign': 'reassign this ticket',
  'user.update': 'change this user',
  'application.decide': 'decide applications',
  'workspace.manageUsers': 'manage users (this requires the admin role)',
  'workspace.viewStats': 'see the dashboard figures (this requires the admin role)',
  'workspace.viewOutbox': 'read the outbox (this requires the admin role)',
  'workspace.applyForModerator': 'apply: you are already staff',
};

function describe(action: QualifiedAction): string {
  return DESCRIPTIONS[action] ?? action.replace('.', ' ');
}
