import {
  askBodySchema,
  copilotRunsQuerySchema,
  copilotRunsResponseSchema,
  askResponseSchema,
  assignmentCandidatesResponseSchema,
  attachmentListResponseSchema,
  attachmentResponseSchema,
  attachmentUploadFieldsSchema,
  ATTACHMENT_CONTENT_TYPES,
  authResponseSchema,
  cannedReplyCreateBodySchema,
  cannedReplyListQuerySchema,
  cannedReplySchema,
  cannedReplyUpdateBodySchema,
  commentCreateBodySchema,
  commentListQuerySchema,
  commentSchema,
  dashboardStatsSchema,
  draftReplyResponseSchema,
  errorBodySchema,
  healthSchema,
  idParamsSchema,
  livenessSchema,
  loginBodySchema,
  logoutBodySchema,
  modRequestCreateBodySchema,
  modRequestDecisionBodySchema,
  modRequestListQuerySchema,
  modRequestSchema,
  outboxListQuerySchema,
  outboxMessageSchema,
  paginatedSchema,
  passwordChangeBodySchema,
  presenceBodySchema,
  presenceStatusSchema,
  readinessSchema,
  refreshBodySchema,
  requesterContextResponseSchema,
  similarTicketsResponseSchema,
  sessionResponseSchema,
  preferencesUpdateBodySchema,
  signupBodySchema,
  slaPolicyBodySchema,
  slaPolicySchema,
  ticketAssignBodySchema,
  ticketBulkBodySchema,
  ticketBulkResponseSchema,
  ticketListItemSchema,
  ticketCreateBodySchema,
  ticketDetailSchema,
  ticketListQuerySchema,
  ticketNumberParamsSchema,
  ticketSchema,
  ticketStatusBodySchema,
  tokenPairSchema,
  triageModelInfoSchema,
  triageCorrectionBodySchema,
  userListQuerySchema,
  userRefSchema,
  userSchema,
  userUpdateBodySchema,
} from '@relaydesk/shared';
import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';

// Response shapes the API builds around the shared resource schemas.
const ticketEnvelope = z.object({ ticket: ticketSchema });
const accepted = z.object({ accepted: z.literal(true), ticketId: z.string() });
const presenceList = z.object({ items: z.array(z.object({ user: userRefSchema, status: presenceStatusSchema })) });
const modRequestEnvelope = z.object({ request: modRequestSchema });

type Responses = ZodOpenApiOperationObject['responses'];

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const errorResponse = (description: string) => json(errorBodySchema, description);

/** The error responses every signed-in endpoint can give, besides its own. */
const signedInErrors: Responses = {
  '400': errorResponse('The request does not match its schema'),
  '401': errorResponse('No valid token'),
  '403': errorResponse('The caller may not do this'),
  '429': errorResponse('Too many requests'),
};
const withTicketErrors: Responses = { ...signedInErrors, '404': errorResponse('No such ticket, or not visible to the caller') };

function op(
  summary: string,
  tag: string,
  responses: Responses,
  request: Pick<ZodOpenApiOperationObject, 'requestParams' | 'requestBody'> = {},
  secured = true,
): ZodOpenApiOperationObject {
  return { summary, tags: [tag], ...(secured ? { security: [{ bearer: [] }] } : { security: [] }), ...request, responses };
}

const body = (schema: z.ZodType) => ({ requestBody: { required: true, content: { 'application/json': { schema } } } });

const paths: ZodOpenApiPathsObject = {
  '/api/health': {
    get: op('Process, database and Redis state', 'health', { '200': json(healthSchema, 'Up'), '503': json(healthSchema, 'The database is down') }, {}, false),
  },
  '/api/health/live': {
    get: op('Liveness: the process answers (no dependency is checked)', 'health', { '200': json(livenessSchema, 'Alive') }, {}, false),
  },
  '/api/health/ready': {
    get: op(
      'Readiness: the database is reachable; Redis and workflows reported',
      'health',
      { '200': json(readinessSchema, 'Ready'), '503': json(readinessSchema, 'The database is not reachable') },
      {},
      false,
    ),
  },
  '/api/auth/signup': {
    post: op('Create an account and sign in', 'auth', { '201': json(authResponseSchema, 'Signed up'), ...signedInErrors, '409': errorResponse('E-mail taken') }, body(signupBodySchema), false),
  },
  '/api/auth/login': {
    post: op('Sign in', 'auth', { '200': json(authResponseSchema, 'Signed in'), ...signedInErrors }, body(loginBodySchema), false),
  },
  '/api/auth/refresh': {
    post: op('Trade a refresh token for a new pair (the old one is spent)', 'auth', { '200': json(tokenPairSchema, 'A new pair'), ...signedInErrors }, body(refreshBodySchema), false),
  },
  '/api/auth/logout': {
    post: op('End this session (and its refresh token, if given)', 'auth', { '204': { description: 'Ended' }, ...signedInErrors }, body(logoutBodySchema), false),
  },
  '/api/auth/logout-all': { post: op('End every session of the caller', 'auth', { '204': { description: 'Ended' }, ...signedInErrors }) },
  '/api/auth/password': {
    patch: op('Change one\'s password; every other session ends', 'auth', { '200': json(tokenPairSchema, 'A new pair for this session'), ...signedInErrors }, body(passwordChangeBodySchema)),
  },
  '/api/auth/me': { get: op('The signed-in person and what they may do', 'auth', { '200': json(sessionResponseSchema, 'Session'), ...signedInErrors }) },
  '/api/auth/preferences': {
    patch: op('Change one\'s own settings (e-mails about one\'s tickets)', 'auth', { '200': json(sessionResponseSchema, 'Session'), ...signedInErrors }, body(preferencesUpdateBodySchema)),
  },
  '/api/auth/status': {
    patch: op('Set one\'s own presence status', 'auth', { '200': json(sessionResponseSchema, 'Session'), ...signedInErrors }, body(presenceBodySchema)),
  },
  '/api/tickets': {
    get: op(
      'List tickets visible to the caller: filters, sorts, the SLA views (staff), each with `unread` for the caller',
      'tickets',
      {
        '200': {
          ...json(paginatedSchema(ticketListItemSchema), 'A page'),
          headers: { ETag: { description: 'Entity tag of the page; send it back in If-None-Match', schema: { type: 'string' } } },
        },
        '304': { description: 'The page is unchanged since the entity tag given in If-None-Match' },
        ...signedInErrors,
      },
      { requestParams: { query: ticketListQuerySchema } },
    ),
    post: op('File a ticket (triage and assignment follow in the background)', 'tickets', { '201': json(ticketEnvelope, 'Filed'), ...signedInErrors }, body(ticketCreateBodySchema)),
  },
  '/api/tickets/bulk': {
    post: op('Assign, change the status or the priority of up to 100 tickets (admins); one result per ticket', 'tickets', { '200': json(ticketBulkResponseSchema, 'What happened to each ticket'), ...signedInErrors }, body(ticketBulkBodySchema)),
  },
  '/api/tickets/{id}/read': {
    post: op('Mark the ticket seen by the caller (opening it does too)', 'tickets', { '204': { description: 'Marked' }, ...withTicketErrors }, { requestParams: { path: idParamsSchema } }),
  },
  '/api/tickets/by-number/{number}': {
    get: op('A ticket by its number (#1042)', 'tickets', { '200': json(z.object({ ticket: ticketDetailSchema }), 'The ticket'), ...withTicketErrors }, {
      requestParams: { path: ticketNumberParamsSchema },
    }),
  },
  '/api/tickets/{id}': {
    get: op('A ticket with its timeline', 'tickets', { '200': json(z.object({ ticket: ticketDetailSchema }), 'The ticket'), ...withTicketErrors }, {
      requestParams: { path: idParamsSchema },
    }),
  },
  '/api/tickets/{id}/status': {
    patch: op('Change a ticket\'s status', 'tickets', { '200': json(ticketEnvelope, 'Changed'), ...withTicketErrors, '409': errorResponse('Not allowed from the current status') }, {
      requestParams: { path: idParamsSchema },
      ...body(ticketStatusBodySchema),
    }),
  },
  '/api/tickets/{id}/comments': {
    get: op('Comments on a ticket, oldest first', 'tickets', { '200': json(paginatedSchema(commentSchema), 'A page'), ...withTicketErrors }, {
      requestParams: { path: idParamsSchema, query: commentListQuerySchema },
    }),
    post: op('Comment on a ticket', 'tickets', { '201': json(z.object({ comment: commentSchema }), 'Added'), ...withTicketErrors }, {
      requestParams: { path: idParamsSchema },
      ...body(commentCreateBodySchema),
    }),
  },
  '/api/tickets/{id}/attachments': {
    get: op('Files on a ticket and its comments the caller may see, oldest first', 'attachments', { '200': json(attachmentListResponseSchema, 'The files'), ...withTicketErrors }, {
      requestParams: { path: idParamsSchema },
    }),
    post: op(
      'Attach a file (multipart `file`; with `commentId`, to one of the caller\'s comments, as private as it is). The type is decided from the bytes.',
      'attachments',
      {
        '201': json(attachmentResponseSchema, 'Attached'),
        ...withTicketErrors,
        '413': errorResponse('The file is larger than ATTACHMENT_MAX_BYTES (payload_too_large)'),
        '415': errorResponse('The type is not accepted, or the bytes are not what the upload claims (unsupported_media_type)'),
      },
      {
        requestParams: { path: idParamsSchema },
        requestBody: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: attachmentUploadFieldsSchema.extend({ file: z.string().meta({ format: 'binary', description: 'The file' }) }),
            },
          },
        },
      },
    ),
  },
  '/api/attachments/{id}': {
    get: op(
      'The file\'s bytes, with the sniffed type, nosniff, and `Content-Disposition: attachment` (inline for images)',
      'attachments',
      {
        '200': {
          description: 'The bytes',
          content: Object.fromEntries(ATTACHMENT_CONTENT_TYPES.map((type) => [type, { schema: z.string().meta({ format: 'binary' }) }])),
        },
        ...signedInErrors,
        '404': errorResponse('No such file, or not visible to the caller'),
      },
      { requestParams: { path: idParamsSchema } },
    ),
  },
  '/api/tickets/{id}/retriage': {
    post: op('Run triage again in the background', 'tickets', { '202': json(accepted, 'Queued'), ...withTicketErrors }, { requestParams: { path: idParamsSchema } }),
  },
  '/api/tickets/{id}/reassign': {
    post: op('Run automatic assignment again in the background', 'tickets', { '202': json(accepted, 'Queued'), ...withTicketErrors }, {
      requestParams: { path: idParamsSchema },
    }),
  },
  '/api/tickets/{id}/triage': {
    patch: op('Correct a ticket\'s triage', 'tickets', { '200': json(ticketEnvelope, 'Corrected'), ...withTicketErrors }, {
      requestParams: { path: idParamsSchema },
      ...body(triageCorrectionBodySchema),
    }),
  },
  '/api/tickets/{id}/candidates': {
    get: op('Moderators who could take the ticket, with their standing', 'tickets', { '200': json(assignmentCandidatesResponseSchema, 'Candidates'), ...withTicketErrors }, {
      requestParams: { path: idParamsSchema },
    }),
  },
  '/api/tickets/{id}/assign': {
    post: op('Assign a ticket to a moderator', 'tickets', { '200': json(ticketEnvelope, 'Assigned'), ...withTicketErrors, '409': errorResponse('At capacity, unless forced') }, {
      requestParams: { path: idParamsSchema },
      ...body(ticketAssignBodySchema),
    }),
  },
  '/api/tickets/{id}/claim': {
    post: op('Take an unassigned ticket', 'tickets', { '200': json(ticketEnvelope, 'Claimed'), ...withTicketErrors, '409': errorResponse('Already assigned') }, {
      requestParams: { path: idParamsSchema },
    }),
  },
  '/api/tickets/{id}/release': {
    post: op('Give a ticket back to the pool', 'tickets', { '200': json(ticketEnvelope, 'Released'), ...withTicketErrors }, { requestParams: { path: idParamsSchema } }),
  },
  '/api/canned-replies': {
    get: op('Saved answers staff insert into replies', 'canned-replies', { '200': json(z.object({ items: z.array(cannedReplySchema) }), 'The library'), ...signedInErrors }, {
      requestParams: { query: cannedReplyListQuerySchema },
    }),
    post: op('Save an answer (admins)', 'canned-replies', { '201': json(z.object({ cannedReply: cannedReplySchema }), 'Saved'), ...signedInErrors }, body(cannedReplyCreateBodySchema)),
  },
  '/api/canned-replies/{id}': {
    patch: op('Change a saved answer (admins)', 'canned-replies', { '200': json(z.object({ cannedReply: cannedReplySchema }), 'Changed'), ...signedInErrors, '404': errorResponse('No such answer') }, {
      requestParams: { path: idParamsSchema },
      ...body(cannedReplyUpdateBodySchema),
    }),
    delete: op('Delete a saved answer (admins)', 'canned-replies', { '204': { description: 'Deleted' }, ...signedInErrors, '404': errorResponse('No such answer') }, {
      requestParams: { path: idParamsSchema },
    }),
  },
  '/api/triage/model': {
    get: op('What the local triage model has learned from corrections (admins)', 'triage', { '200': json(triageModelInfoSchema, 'The model'), ...signedInErrors }),
  },
  '/api/triage/model/retrain': {
    post: op('Retrain the local triage model now (admins)', 'triage', { '200': json(triageModelInfoSchema, 'The new model'), ...signedInErrors }),
  },
  '/api/tickets/{id}/similar': {
    get: op('Solved tickets most like this one, with the answer that closed each (staff)', 'copilot', { '200': json(similarTicketsResponseSchema, 'Matches'), ...withTicketErrors }, {
      requestParams: { path: idParamsSchema },
    }),
  },
  '/api/tickets/{id}/draft-reply': {
    post: op('A suggested reply for the moderator to edit; nothing is sent (staff)', 'copilot', { '200': json(draftReplyResponseSchema, 'A draft, or an empty one and the reason'), ...withTicketErrors }, {
      requestParams: { path: idParamsSchema },
    }),
  },
  '/api/tickets/{id}/ask': {
    post: op('Ask about the ticket (needs a model; 503 ai_unavailable without one)', 'copilot', { '200': json(askResponseSchema, 'An answer'), ...withTicketErrors, '503': errorResponse('No model is available') }, {
      requestParams: { path: idParamsSchema },
      ...body(askBodySchema),
    }),
  },
  '/api/copilot/runs': {
    get: op('The copilot\'s run records, newest first: engine, model, tokens, duration, tools, fallback reason; never text or keys (admins)', 'copilot', { '200': json(copilotRunsResponseSchema, 'A page'), ...signedInErrors }, {
      requestParams: { query: copilotRunsQuerySchema },
    }),
  },
  '/api/users/{id}/context': {
    get: op('A requester\'s other tickets and history (staff who can see one of them)', 'copilot', { '200': json(requesterContextResponseSchema, 'Context'), ...signedInErrors, '404': errorResponse('No such user, or none of their tickets is visible') }, {
      requestParams: { path: idParamsSchema },
    }),
  },
  '/api/sla': {
    get: op('Service-level targets per priority, and business hours (staff)', 'sla', { '200': json(slaPolicySchema, 'The policy'), ...signedInErrors }),
    put: op('Change the targets; open tickets are re-planned from now (admins)', 'sla', { '200': json(slaPolicySchema, 'The policy'), ...signedInErrors }, body(slaPolicyBodySchema)),
  },
  '/api/users': {
    get: op('List users (admins)', 'users', { '200': json(paginatedSchema(userSchema), 'A page'), ...signedInErrors }, { requestParams: { query: userListQuerySchema } }),
  },
  '/api/users/{id}': {
    patch: op('Change a user\'s role, skills or name (admins)', 'users', { '200': json(z.object({ user: userSchema }), 'Changed'), ...signedInErrors, '404': errorResponse('No such user') }, {
      requestParams: { path: idParamsSchema },
      ...body(userUpdateBodySchema),
    }),
  },
  '/api/mod-requests': {
    get: op('Applications to become a moderator', 'mod-requests', { '200': json(paginatedSchema(modRequestSchema), 'A page'), ...signedInErrors }, {
      requestParams: { query: modRequestListQuerySchema },
    }),
    post: op('Apply to become a moderator', 'mod-requests', { '201': json(modRequestEnvelope, 'Applied'), ...signedInErrors, '409': errorResponse('An application is pending') }, body(modRequestCreateBodySchema)),
  },
  '/api/mod-requests/{id}': {
    patch: op('Decide an application (admins)', 'mod-requests', { '200': json(modRequestEnvelope, 'Decided'), ...signedInErrors, '404': errorResponse('No such application') }, {
      requestParams: { path: idParamsSchema },
      ...body(modRequestDecisionBodySchema),
    }),
  },
  '/api/presence': { get: op('Staff presence right now', 'presence', { '200': json(presenceList, 'Staff'), ...signedInErrors }) },
  '/api/stats': { get: op('Dashboard figures (admins)', 'stats', { '200': json(dashboardStatsSchema, 'Figures'), ...signedInErrors }) },
  '/api/dev/outbox': {
    get: op('E-mail kept instead of sent when no SendGrid key is set (admins)', 'dev', { '200': json(paginatedSchema(outboxMessageSchema), 'A page'), ...signedInErrors }, {
      requestParams: { query: outboxListQuerySchema },
    }),
  },
  '/api/openapi.json': {
    get: op('This document', 'docs', { '200': { description: 'OpenAPI 3.1 document', content: { 'application/json': {} } } }, {}, false),
  },
  '/api/docs': {
    get: op('A page to read this document', 'docs', { '200': { description: 'HTML', content: { 'text/html': {} } } }, {}, false),
  },
  '/metrics': {
    get: {
      summary: 'Prometheus metrics: with METRICS_TOKEN set, a bearer token; otherwise loopback only',
      tags: ['operations'],
      security: [{ metricsToken: [] }, {}],
      responses: {
        '200': { description: 'Text exposition format', content: { 'text/plain': {} } },
        '401': errorResponse('Missing or wrong metrics token'),
        '403': errorResponse('Not from this machine, and no token is configured'),
      },
    },
  },
};

/** The OpenAPI 3.1 document of the HTTP API, generated from the shared zod schemas. */
export function buildOpenApiDocument(version: string): ReturnType<typeof createDocument> {
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'RelayDesk API',
      version,
      description: 'The JSON API of RelayDesk. Errors share one body, `{ error: { code, message, details? } }`. Every response carries `X-Request-Id`.',
    },
    components: {
      // Registered schemas are written once and referenced wherever they appear.
      schemas: {
        Ticket: ticketSchema,
        TicketDetail: ticketDetailSchema,
        Comment: commentSchema,
        User: userSchema,
        UserRef: userRefSchema,
        ModRequest: modRequestSchema,
        OutboxMessage: outboxMessageSchema,
        Session: sessionResponseSchema,
        Error: errorBodySchema,
      },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        metricsToken: { type: 'http', scheme: 'bearer' },
      },
    },
    paths,
  });
}
