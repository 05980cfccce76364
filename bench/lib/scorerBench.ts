/**
 * Micro-benchmark of the assignment scorer: mean time of one `scoreModerators`
 * call for teams of several sizes, next to sorting the same candidates by one
 * number (the cheapest ranking imaginable) measured in the same way.
 */
import {
  scoreModerators,
  type AssignmentCandidateInput,
  type Presence,
} from '../../server/src/assignment/scoreModerators.js';
import path from 'node:path';
import { SKILL_LEXICON } from '../../server/src/triage/localEngine/skillLexicon.js';
import { CORES, repoRoot, startTsNode } from './processes.js';
import { seededRandom } from './seed.js';

/** Timing of one team size. */
export interface ScorerResult {
  moderators: number;
  /** Scorer calls timed, over all rounds. */
  iterations: number;
  /** Median over the rounds of the mean time per call. */
  scorerMicros: number;
  baselineMicros: number;
  /** scorer / baseline. */
  ratio: number;
}

const TICKET_SKILLS = ['authentication', 'api'];
/** Time spent measuring each function per team size, split into rounds. */
const TARGET_MS = 2_000;
/** Rounds per function and team size; the median round is reported. */
export const SCORER_ROUNDS = 5;
/** Approximate length of one round, in milliseconds. */
export const SCORER_ROUND_MS = TARGET_MS / SCORER_ROUNDS;
/** At least this many calls per round, however slow a call is. */
const MIN_ITERATIONS = 5;

function syntheticCandidates(count: number): AssignmentCandidateInput[] {
  const random = seededRandom(count);
  const skills = Object.keys(SKILL_LEXICON);
  const presences: Presence[] = ['online', 'online', 'online', 'dnd', 'offline'];
  return Array.from({ length: count }, (_, i) => ({
    id: `moderator-${String(i).padStart(6, '0')}`,
    name: `Moderator ${i + 1}`,
    role: 'moderator' as const,
    skills: Array.from({ length: 1 + Math.floor(random() * 4) }, () => skills[Math.floor(random() * skills.length)]!),
    activeTickets: Math.floor(random() * 12),
    totalResolved: Math.floor(random() * 400),
    avgResolutionHours: random() * 60,
    lastAssignedAt: random() < 0.1 ? null : new Date(Date.now() - random() * 86_400_000),
    presence: presences[Math.floor(random() * presences.length)]!,
  }));
}

/** Mean microseconds per call of `fn` over `iterations` calls. */
function meanMicros(fn: () => number, iterations: number): number {
  let sink = 0;
  const start = performance.now();
  for (let i = 0; i < iterations; i += 1) sink += fn();
  const micros = ((performance.now() - start) * 1_000) / iterations;
  // Using the results keeps the calls from being optimised away.
  if (Number.isNaN(sink)) throw new Error('unexpected NaN');
  return micros;
}

/** Iterations that make one round of `fn` last about `ms`, after warming it up. */
function calibrate(fn: () => number, ms: number): number {
  const start = performance.now();
  let calls = 0;
  while (performance.now() - start < ms || calls < 3) {
    fn();
    calls += 1;
  }
  return Math.max(MIN_ITERATIONS, Math.ceil((calls * ms) / (performance.now() - start)));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Times the scorer and the baseline for each team size. Each is measured in
 * several rounds, alternating, and the median round is kept: on a shared machine
 * a burst of other work lands in one round instead of skewing the figure.
 */
export function benchmarkScorer(sizes: readonly number[] = [10, 100, 1_000, 10_000]): ScorerResult[] {
  return sizes.map((moderators) => {
    const candidates = syntheticCandidates(moderators);
    const scorer = () => scoreModerators(TICKET_SKILLS, candidates).winner?.score ?? 0;
    const baseline = () => {
      const sorted = [...candidates].sort((a, b) => a.activeTickets - b.activeTickets);
      return sorted[0]!.activeTickets;
    };
    const roundMs = SCORER_ROUND_MS;
    const scorerIterations = calibrate(scorer, roundMs);
    const baselineIterations = calibrate(baseline, roundMs);
    const scorerRounds: number[] = [];
    const baselineRounds: number[] = [];
    for (let round = 0; round < SCORER_ROUNDS; round += 1) {
      scorerRounds.push(meanMicros(scorer, scorerIterations));
      baselineRounds.push(meanMicros(baseline, baselineIterations));
    }
    const scorerMicros = median(scorerRounds);
    const baselineMicros = median(baselineRounds);
    return {
      moderators,
      iterations: scorerIterations * SCORER_ROUNDS,
      scorerMicros,
      baselineMicros,
      ratio: scorerMicros / baselineMicros,
    };
  });
}

/**
 * Runs `benchmarkScorer` in its own process on the server core: the timing loops
 * block for seconds at a time, which the benchmark's own process must not do
 * (it has to stay responsive to Ctrl-C).
 */
export async function measureScorer(env: NodeJS.ProcessEnv): Promise<ScorerResult[]> {
  const child = startTsNode(path.join(repoRoot, 'bench', 'lib', 'scorerWorker.ts'), [], { label: 'scorer', core: CORES.server, env });
  let last = '';
  child.output.on('stdout', (line: string) => {
    if (line.startsWith('[')) last = line;
  });
  const code = await child.exited;
  if (code !== 0 || !last) throw new Error(`scorer benchmark failed (exit ${code})\n${child.tail.join('\n')}`);
  return JSON.parse(last) as ScorerResult[];
}
