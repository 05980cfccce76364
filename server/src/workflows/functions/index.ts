import type { AnyWorkflowDefinition } from '../defineWorkflow.js';
import { assignTicket } from './assign-ticket.js';
import { copilotAsk } from './copilot-ask.js';
import { copilotDraft } from './copilot-draft.js';
import { notifyAssignee } from './notify-assignee.js';
import { reconcileStats } from './reconcile-stats.js';
import { recordResolution } from './record-resolution.js';
import { sendApplicationDecision } from './send-application-decision.js';
import { sendRequesterUpdates } from './send-requester-updates.js';
import { sendWelcomeEmail } from './send-welcome-email.js';
import { triageTicket } from './triage-ticket.js';
import { watchTicketSla } from './watch-ticket-sla.js';

export { assignTicket, copilotAsk, copilotDraft, notifyAssignee, reconcileStats, recordResolution, sendApplicationDecision, sendRequesterUpdates, sendWelcomeEmail, triageTicket, watchTicketSla };

/** Every workflow function: what `serve()` registers with Inngest and what the in-process runner runs. */
export const workflowDefinitions: readonly AnyWorkflowDefinition[] = [
  triageTicket,
  assignTicket,
  notifyAssignee,
  sendWelcomeEmail,
  sendApplicationDecision,
  recordResolution,
  watchTicketSla,
  sendRequesterUpdates,
  copilotDraft,
  copilotAsk,
  reconcileStats,
] as readonly AnyWorkflowDefinition[];
