import { Types } from 'mongoose';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../../platform/metrics.js';
import { runWithRequestContext } from '../../platform/requestContext.js';
import { capturedLogger } from '../../test/capturedLog.js';
import { useTestApp } from '../../test/harness.js';
import { defineWorkflow } from '../defineWorkflow.js';
import type { WorkflowDeps } from '../deps.js';
import { LocalWorkflowRunner } from './runner.js';

const app = useTestApp();
const runners: LocalWorkflowRunner[] = [];
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop({ timeoutMs: 100 })));
});

describe('a workflow run and the request that queued it', () => {
  it('logs with the request id and its own run id, and counts the attempt', async () => {
    const { logger, lines } = capturedLogger();
    const metrics = createMetrics({ processMetrics: false });
    let attempts = 0;
    const workflow = defineWorkflow({
      id: 'context-check',
      name: 'context check',
      triggers: ['user/signed-up'],
      retries: 1,
      async handler({ runId }) {
        attempts += 1;
        logger.info({ seenRunId: runId }, 'inside the handler');
        if (attempts === 1) throw new Error('first attempt fails');
        return { ok: true };
      },
    });
    const runner = new LocalWorkflowRunner({
      deps: { app: app.ctx } as WorkflowDeps,
      definitions: [workflow],
      logger,
      metrics,
      pollIntervalMs: 20,
      retryBaseMs: 10,
      retryMaxMs: 20,
      leaseMs: 2_000,
    });
    runners.push(runner);
    await runner.start();
    const event = { name: 'user/signed-up' as const, id: `ctx-${new Types.ObjectId().toHexString()}`, data: { userId: new Types.ObjectId().toHexString() } };
    await runWithRequestContext({ requestId: 'req-from-http' }, () => runner.send(event));
    await runner.waitForIdle();

    const inside = lines.filter((l) => l.msg === 'inside the handler');
    expect(inside).toHaveLength(2);
    for (const line of inside) expect(line).toMatchObject({ requestId: 'req-from-http', runId: line.seenRunId });
    const retryLine = lines.find((l) => l.msg === 'workflow attempt failed; retrying');
    expect(retryLine).toMatchObject({ requestId: 'req-from-http' });

    const text = (await metrics.render()).body;
    expect(text).toContain('relaydesk_workflow_attempts_total{function="context-check",state="retrying"} 1');
    expect(text).toContain('relaydesk_workflow_attempts_total{function="context-check",state="completed"} 1');
  });
});
