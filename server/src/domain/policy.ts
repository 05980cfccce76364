import type { Actor } from './actor.js';

/**
 * Who may do what to one kind of resource, as data: each action lists the
 * relations that allow it, and an actor may act when any of their relations to
 * the resource is listed. Reading a policy answers "who may X?" in one line.
 */
export interface Policy<Resource, Action extends string, Relation extends string> {
  /** How the actor relates to the resource (admin, creator, assignee, self...). */
  relationsOf(actor: Actor, resource: Resource): ReadonlySet<Relation>;
  rules: Readonly<Record<Action, readonly Relation[]>>;
}

/** Declares a policy; the identity function keeps the action and relation names as literal types. */
export function definePolicy<Resource, Action extends string, Relation extends string>(
  policy: Policy<Resource, Action, Relation>,
): Policy<Resource, Action, Relation> {
  return policy;
}

/** Whether any of the actor's relations to the resource allows the action. */
export function isAllowed<Resource, Action extends string, Relation extends string>(
  policy: Policy<Resource, Action, Relation>,
  actor: Actor,
  action: Action,
  resource: Resource,
): boolean {
  const relations = policy.relationsOf(actor, resource);
  return policy.rules[action].some((relation) => relations.has(relation));
}

/** Every action of a policy with whether the actor may take it: what a response's `abilities` carries. */
export function abilitiesUnder<Resource, Action extends string, Relation extends string>(
  policy: Policy<Resource, Action, Relation>,
  actor: Actor,
  resource: Resource,
): Record<Action, boolean> {
  const relations = policy.relationsOf(actor, resource);
  const abilities = {} as Record<Action, boolean>;
  for (const action of Object.keys(policy.rules) as Action[]) {
    abilities[action] = policy.rules[action].some((relation) => relations.has(relation));
  }
  return abilities;
}
