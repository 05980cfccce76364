import type { AppContext } from '../app/context.js';
import { createAutoAssignService, type AutoAssignService } from '../assignment/service.js';
import { createMailer, type Mailer } from '../mail/mailer.js';
import { createNotificationService, type NotificationService } from '../mail/notificationService.js';
import { createResolutionService, type ResolutionService } from '../assignment/resolutionService.js';
import { createTicketTriageService, type TicketTriageService } from '../triage/service.js';
import { createTriageServiceFromConfig, type TriageService } from '../triage/engine.js';

/**
 * What workflow handlers call. Built once per process, so state that must outlive
 * a single run (the Gemini circuit breaker, the mail client) is shared by all runs.
 */
export interface WorkflowDeps {
  app: AppContext;
  triage: TriageService;
  ticketTriage: TicketTriageService;
  autoAssign: AutoAssignService;
  mailer: Mailer;
  notifications: NotificationService;
  resolutions: ResolutionService;
}

/** Replaceable parts, for tests (a stubbed model, a mailer pointed at a stub server). */
export type WorkflowDepsOverrides = Partial<Pick<WorkflowDeps, 'triage' | 'mailer'>>;

/** The services workflows use, from the application context and its configuration. */
export function createWorkflowDeps(app: AppContext, overrides: WorkflowDepsOverrides = {}): WorkflowDeps {
  const { config, logger, lock, events, services, cache } = app;
  const mailer = overrides.mailer ?? createMailer(config.mail, logger);
  return {
    app,
    triage: overrides.triage ?? createTriageServiceFromConfig(config, logger),
    ticketTriage: createTicketTriageService({ lock, events, tickets: services.tickets }),
    autoAssign: createAutoAssignService({
      tickets: services.tickets,
      lock,
      presence: services.presence,
      capacity: config.assignment.capacity,
      logger,
      cache,
    }),
    mailer,
    notifications: createNotificationService({ mailer, appUrl: config.appUrl, lock }),
    resolutions: createResolutionService({ events }),
  };
}
