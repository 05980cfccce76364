import type { WorkspaceAbilities } from '@relaydesk/shared';

/**
 * The first screen: the queue for someone whose work is a queue of their own,
 * otherwise the ticket list (every ticket, for someone who may list them all).
 */
export function homePathFor(abilities: WorkspaceAbilities): string {
  return abilities.workQueue && !abilities.listAllTickets ? '/queue' : '/tickets';
}
