import type { CopilotResultFields } from './runModels.js';
import { findRunResult } from './repo.js';

/** A finished request as its waiter receives it. */
export type FinishedRun = Pick<CopilotResultFields, 'stage' | 'draft' | 'answer'>;

/**
 * Lets an HTTP request wait for the copilot workflow it started. A run finished in
 * this process settles its waiter at once (the `copilot.finished` event); a run that
 * another process executed (Inngest may call any instance) is found by reading its
 * stored result by `_id` every `pollMs`. Resolves null when `timeoutMs` passes first.
 */
export function createRunWaiter({ pollMs = 250 }: { pollMs?: number } = {}) {
  const waiting = new Map<string, (run: FinishedRun) => void>();
  return {
    settle(requestId: string, run: FinishedRun): void {
      waiting.get(requestId)?.(run);
    },
    wait(requestId: string, timeoutMs: number): Promise<FinishedRun | null> {
      return new Promise((resolve) => {
        let done = false;
        let poller: NodeJS.Timeout | undefined;
        const finish = (run: FinishedRun | null) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          clearTimeout(poller);
          waiting.delete(requestId);
          resolve(run);
        };
        const timer = setTimeout(() => finish(null), timeoutMs);
        waiting.set(requestId, finish);
        const poll = () => {
          poller = setTimeout(() => {
            void findRunResult(requestId)
              .then((stored) => (stored ? finish({ stage: stored.stage, draft: stored.draft, answer: stored.answer }) : undefined))
              .catch(() => undefined)
              .finally(() => {
                if (!done) poll();
              });
          }, pollMs);
        };
        poll();
      });
    },
  };
}

export type RunWaiter = ReturnType<typeof createRunWaiter>;
