import type { TriageModelInfoResponse } from '@relaydesk/shared';
import { Router } from 'express';
import type { AppContext } from '../../app/context.js';
import { currentActor, requireAuth } from '../middleware/auth.js';

/** What the local triage model has learned from the team, for admins. */
export function triageRoutes({ services }: AppContext): Router {
  const router = Router();
  router.use(requireAuth(services.users));

  router.get('/model', async (_req, res) => {
    res.json((await services.triageLearning.info(currentActor(res))) satisfies TriageModelInfoResponse);
  });

  // Retraining takes about a second of CPU; the answer is the model it produced.
  router.post('/model/retrain', async (_req, res) => {
    const actor = currentActor(res);
    await services.triageLearning.retrainNow(actor);
    res.json(await services.triageLearning.info(actor));
  });

  return router;
}
