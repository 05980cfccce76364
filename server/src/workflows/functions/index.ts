import type { AnyWorkflowDefinition } from '../defineWorkflow.js';
import { assignTicket } from './assign-ticket.js';
import { notifyAssignee } from './notify-assignee.js';
import { reconcileStats } from './reconcile-stats.js';
import { recordResolution } from './record-resolution.js';
import { sendApplicationDecision } from './send-application-decision.js';
import { sendWelcomeEmail } from './send-welcome-email.js';
import { triageTicket } from './triage-ticket.js';
import { watchTicketSla } from './watch-ticket-sla.js';

export { assignTicket, notifyAssignee, reconcileStats, recordResolution, sendApplicationDecision, sendWelcomeEmail, triageTicket, watchTicketSla };

/** Every workflow function: what `serve()` registers with Inngest and what the in-process runner runs. */
export const workflowDefinitions: readonly AnyWorkflowDefinition[] = [
  triageTicket,
  assignTicket,
  notifyAssignee,
  sendWelcomeEmail,
  sendApplicationDecision,
  recordResolution,
  watchTicketSla,
  reconcileStats,
] as readonly AnyWorkflowDefinition[];
