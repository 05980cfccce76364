import type { AppContext } from '../app/context.js';

/**
 * What workflow handlers call: the domain services the composition root built,
 * shared by every run, so state that must outlive a single run (the Gemini
 * circuit breaker, the mail client) is shared too.
 */
export interface WorkflowDeps {
  app: AppContext;
  triage: AppContext['services']['triage'];
  ticketTriage: AppContext['services']['ticketTriage'];
  autoAssign: AppContext['services']['assignment'];
  mailer: AppContext['services']['mailer'];
  notifications: AppContext['services']['notifications'];
  resolutions: AppContext['services']['resolutions'];
  sla: AppContext['services']['sla'];
  requesterUpdates: AppContext['services']['requesterUpdates'];
  copilot: AppContext['services']['copilot'];
  stats: AppContext['services']['stats'];
}

/** The services workflows use, picked from the context (nothing is built here). */
export function workflowDepsOf(app: AppContext): WorkflowDeps {
  const { services } = app;
  return {
    app,
    triage: services.triage,
    ticketTriage: services.ticketTriage,
    autoAssign: services.assignment,
    mailer: services.mailer,
    notifications: services.notifications,
    resolutions: services.resolutions,
    sla: services.sla,
    requesterUpdates: services.requesterUpdates,
    copilot: services.copilot,
    stats: services.stats,
  };
}
