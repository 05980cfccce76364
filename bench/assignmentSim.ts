/**
 * Assignment simulation: `npm run bench:assignment [-- --seeds 5]`.
 *
 * Simulates a helpdesk week per seed (a warm-up week first, then the measured week,
 * then arrivals go on until the measured tickets are resolved) under four assignment
 * policies: RelayDesk's weighted scorer (the real `scoreModerators`), Chatwoot's
 * round-robin with and without its assignment limit, and least-loaded. Then the same
 * weeks again with the skill effect halved. Writes bench/results/assignment-sim.json
 * and its section of bench/RESULTS.md, and prints the tables. See bench/README.md,
 * section "Assignment simulation"; the model is described in bench/lib/simModel.ts and
 * bench/lib/simEngine.ts.
 */
import { mkdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { simulate, type RunOutcome } from './lib/simEngine.js';
import {
  buildWorld,
  corpusTicketSkills,
  DEFAULT_PARAMETERS,
  HOURS_PER_DAY,
  PARAMETER_SOURCES,
  type SimParameters,
  type SimWorld,
} from './lib/simModel.js';
import { leastLoadedPolicy, roundRobinPolicy, weightedPolicy } from './lib/simPolicies.js';
import { figuresTable, reduction, summarise, weeksTable, type PolicyFigures } from './lib/simReport.js';
import { machineInfo, table } from './lib/report.js';
import { withSection } from './lib/resultsFile.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_REDUCTION = 0.2;
const POLICY_ORDER = ['weighted', 'roundRobin', 'roundRobinCapped', 'leastLoaded'] as const;
type PolicyName = (typeof POLICY_ORDER)[number];

function policiesFor(parameters: SimParameters) {
  return [
    weightedPolicy({ capacity: parameters.capacity }),
    roundRobinPolicy(),
    roundRobinPolicy({ maxAssignmentLimit: parameters.capacity }),
    leastLoadedPolicy({ capacity: parameters.capacity }),
  ];
}

/** Every policy on every world; fresh policy state per run. */
function runAll(worlds: readonly SimWorld[], skillEffect: number): Record<PolicyName, PolicyFigures> {
  const runs = new Map<string, RunOutcome[]>();
  for (const world of worlds) {
    for (const policy of policiesFor(world.parameters)) {
      const outcome = simulate(world, policy, { skillEffect });
      runs.set(policy.name, [...(runs.get(policy.name) ?? []), outcome]);
    }
  }
  return Object.fromEntries(POLICY_ORDER.map((name) => [name, summarise(runs.get(name)!)])) as Record<PolicyName, PolicyFigures>;
}

function verdict(figures: Record<PolicyName, PolicyFigures>) {
  const vsRoundRobin = reduction(figures.weighted.meanResolutionHours, figures.roundRobin.meanResolutionHours);
  const vsRoundRobinCapped = reduction(figures.weighted.meanResolutionHours, figures.roundRobinCapped.meanResolutionHours);
  const vsLeastLoaded = reduction(figures.weighted.meanResolutionHours, figures.leastLoaded.meanResolutionHours);
  return {
    meanReductionVsRoundRobin: vsRoundRobin,
    meanReductionVsRoundRobinCapped: vsRoundRobinCapped,
    meanReductionVsLeastLoaded: vsLeastLoaded,
    weightedCapacityViolations: figures.weighted.capacityViolations,
    /** At least 20% below round-robin (Chatwoot's default) and no capacity violation. */
    met: vsRoundRobin >= TARGET_REDUCTION && figures.weighted.capacityViolations === 0,
    /** The same against the round-robin that respects the capacity. */
    metAgainstCappedRoundRobin: vsRoundRobinCapped >= TARGET_REDUCTION && figures.weighted.capacityViolations === 0,
  };
}

/** The policies the issue asks for under `policies`, the capped round-robin beside them. */
function split(figures: Record<PolicyName, PolicyFigures>) {
  return {
    policies: { weighted: figures.weighted, roundRobin: figures.roundRobin, leastLoaded: figures.leastLoaded },
    extraPolicies: { roundRobinCapped: figures.roundRobinCapped },
  };
}

function commandLine(): string {
  const args = process.argv.slice(2).join(' ');
  if (process.env.npm_lifecycle_event === 'bench:assignment') return `npm run bench:assignment${args ? ` -- ${args}` : ''}`;
  return `npx tsx --conditions=source bench/assignmentSim.ts${args ? ` ${args}` : ''}`;
}

const pct = (value: number) => `${(value * 100).toFixed(0)}%`;
const hours = (value: number) => `${value.toFixed(1)} h`;

function parameterRows(parameters: SimParameters): string[][] {
  const value = (key: keyof SimParameters): string => {
    const v = parameters[key];
    if (key === 'shifts') return parameters.shifts.map((s) => `${s.moderators} × ${s.label}`).join('; ');
    if (key === 'areas') return parameters.areas.map((a) => `${a.label}: ${a.skills.join(', ')}`).join('; ');
    if (Array.isArray(v)) return v.join(', ');
    return String(v);
  };
  const rows: string[][] = [['ticketSkills', 'corpus labels', PARAMETER_SOURCES.ticketSkills]];
  for (const key of Object.keys(parameters) as (keyof SimParameters)[]) {
    rows.push([key, value(key), PARAMETER_SOURCES[key]]);
  }
  return rows;
}

function renderSection(args: {
  date: string;
  seconds: number;
  seeds: number[];
  worlds: SimWorld[];
  baseline: Record<PolicyName, PolicyFigures>;
  halved: Record<PolicyName, PolicyFigures>;
  baselineVerdict: ReturnType<typeof verdict>;
  halvedVerdict: ReturnType<typeof verdict>;
}): string {
  const { baseline, halved, baselineVerdict: bv, halvedVerdict: hv, worlds } = args;
  const machine = machineInfo();
  const parameters = worlds[0]!.parameters;
  const arrivals = worlds.map((w) => w.tickets.filter((t) => t.arrival >= w.measuredFrom && t.arrival < w.measuredTo).length);
  const w = baseline.weighted;
  const rr = baseline.roundRobin;
  const lines = [
    '# Assignment simulation',
    '',
    `- Date: ${args.date} (took ${args.seconds.toFixed(1)} s)`,
    `- Command: \`${commandLine()}\``,
    `- Machine: ${machine.cores} cores (nproc), ${machine.cpuModel}, Node ${machine.node}; 1-minute load average ${machine.loadAverageAtStart.toFixed(2)} at start (the run is single-threaded and deterministic: the figures do not depend on the machine)`,
    `- Weeks: ${args.seeds.length} (seeds ${args.seeds.join(', ')}), each after a warm-up week; ${arrivals.join(', ')} tickets arrived in the measured weeks (${Math.round(worlds[0]!.weeklyArrivals)} a week expected); team of ${worlds[0]!.moderators.length} moderators and 1 admin, capacity ${parameters.capacity}`,
    '',
    '## Headline',
    '',
    `- Weighted (the real \`scoreModerators\`): mean time to resolution **${hours(w.meanResolutionHours)}** against **${hours(rr.meanResolutionHours)}** for Chatwoot's default round-robin: **${pct(bv.meanReductionVsRoundRobin)} lower** (target ${pct(TARGET_REDUCTION)}: ${bv.met ? 'met' : 'not met'}), with ${w.capacityViolations} capacity violations. Against round-robin with Chatwoot's assignment limit set to the capacity: ${pct(bv.meanReductionVsRoundRobinCapped)} lower; against least-loaded: ${pct(bv.meanReductionVsLeastLoaded)} lower.`,
    `- Skill effect halved (a moderator without the skills takes 1.5× instead of 2× as long): ${hours(halved.weighted.meanResolutionHours)} against ${hours(halved.roundRobin.meanResolutionHours)}, ${pct(hv.meanReductionVsRoundRobin)} lower than round-robin (target ${hv.met ? 'met' : 'not met'}); ${pct(hv.meanReductionVsRoundRobinCapped)} lower than capped round-robin, ${pct(hv.meanReductionVsLeastLoaded)} than least-loaded.`,
    `- Where the gain comes from: the scorer gives tickets to moderators who hold ${pct(w.meanSkillFit)} of the required skills against ${pct(rr.meanSkillFit)} for round-robin, so the same work takes less moderator time (occupancy ${pct(w.occupancy)} against ${pct(baseline.leastLoaded.occupancy)} for least-loaded); it never leaves a ticket unassigned while a moderator has room, because offline moderators are its fallback (${pct(w.assignedOfflineShare)} of tickets went to someone offline, who starts on them at their next shift).`,
    `- What it costs: fairness. Tickets per moderator in a week have a Gini of ${w.fairness.gini.toFixed(3)} under the scorer against ${baseline.roundRobinCapped.fairness.gini.toFixed(3)} for capped round-robin and ${baseline.leastLoaded.fairness.gini.toFixed(3)} for least-loaded (from ${w.fairness.min} to ${w.fairness.max} tickets a week).`,
    '',
    '## Results, skill effect as assumed (×2 working time without the skills)',
    '',
    'Hours are wall-clock, arrival to resolution, pooled over the measured weeks. "Mean vs RR": how much lower than round-robin. Capacity violations: assignments that took a moderator above capacity; hours over capacity: moderator-hours spent above it. Gini and "tickets/mod/week": tickets assigned per moderator in a measured week (Gini averaged over the weeks, range over all). Skill fit: share of the required skills the assignee had. Occupancy: working time over online time.',
    '',
    figuresTable(baseline),
    '',
    '## Results, skill effect halved (×1.5)',
    '',
    'Same team, same tickets, same arrival volume; only the effect of missing skills on working time is halved.',
    '',
    figuresTable(halved),
    '',
    '## Mean resolution per simulated week (hours)',
    '',
    'Skill effect as assumed:',
    '',
    weeksTable(baseline, args.seeds),
    '',
    'Skill effect halved:',
    '',
    weeksTable(halved, args.seeds),
    '',
    '## Method',
    '',
    'A discrete-event simulation (bench/lib/simEngine.ts), deterministic for a seed (bench/lib/simModel.ts builds the team and the tickets, the same for every policy). Events: ticket arrival, shift start and end, a moderator finishing a reply, a customer answering. A moderator is `online` during their shift and `offline` otherwise, works only while online, on one reply at a time (oldest waiting first), and resumes unfinished work at the next shift. A ticket needs 1 to 4 replies; its working time is split evenly between them and multiplied by `1 + skillEffect × (1 − fit)`, where fit is the share of its required skills the assignee lists; the moderator\'s speed divides it, and the rate drops by `loadPenalty` per additional open ticket (up to capacity). Between replies the customer takes a while to answer; the ticket stays open and counts against capacity all along. A ticket is assigned once and never moved. A ticket the policy cannot place waits in a first-in-first-out queue of unassigned tickets that is offered again after every resolution and every shift change (for Chatwoot this stands for agents taking conversations from the Unassigned view, which is generous: Chatwoot itself assigns automatically only when a conversation opens).',
    '',
    'Policies (bench/lib/simPolicies.ts):',
    '',
    '- **weighted**: the candidates built as `server/src/assignment/service.ts` builds them (all moderators and the admin, `presence` online/offline from the shift, open tickets, `totalResolved`, `averageResolutionHours`, `lastAssignedAt`), then the real `scoreModerators(ticket.skills, candidates, { capacity, targetResolutionHours })`; its `winner` is the assignee, nobody when it returns none. Its tiers apply: online before offline, the admin only without moderators.',
    "- **roundRobin**: Chatwoot's default (Community Edition): the inbox rotation of `AutoAssignment::InboxRoundRobinService` over the members online; `member_ids_with_assignment_capacity` returns every member, so it does not check capacity, and violations are counted as they happen. Nobody online: unassigned.",
    "- **roundRobinCapped** (extra): the same with the Enterprise Edition's `max_assignment_limit` = capacity; members at the limit are skipped.",
    '- **leastLoaded**: the online moderator with the fewest open tickets below capacity; on a tie, the least recently assigned.',
    '',
    'Arrivals are a Poisson process whose rate follows the hourly and weekday curves; the weekly volume is set so that, at the skill fit of an assignment that ignores skills, the work fills `targetOccupancy` of the online hours. Each ticket\'s skills are those of a random ticket of the triage corpus. Moderators get a specialty in proportion to demand, three of its skills and one other.',
    '',
    '## Parameters and their sources',
    '',
    table(['Parameter', 'Value', 'Source'], parameterRows(parameters)),
  ];
  return lines.join('\n');
}

function main(): void {
  const { values } = parseArgs({ options: { seeds: { type: 'string', default: '5' } } });
  const seedCount = Number(values.seeds);
  if (!Number.isInteger(seedCount) || seedCount < 1) throw new Error(`--seeds must be a whole number ≥ 1, got ${values.seeds}`);
  const seeds = Array.from({ length: seedCount }, (_, i) => i + 1);
  const started = performance.now();
  const date = new Date().toISOString();

  const corpus = corpusTicketSkills();
  const parameters = DEFAULT_PARAMETERS;
  const worlds = seeds.map((seed) => buildWorld(parameters, seed, corpus));
  const baseline = runAll(worlds, parameters.skillEffect);
  const halvedEffect = parameters.skillEffect / 2;
  const halved = runAll(worlds, halvedEffect);
  const baselineVerdict = verdict(baseline);
  const halvedVerdict = verdict(halved);
  const seconds = (performance.now() - started) / 1_000;

  const json = {
    date,
    command: commandLine(),
    machine: machineInfo(),
    seconds,
    seeds,
    ...split(baseline),
    target: { meanReduction: TARGET_REDUCTION, capacityViolations: 0, ...baselineVerdict },
    skillEffectHalved: {
      skillEffect: halvedEffect,
      ...split(halved),
      target: { meanReduction: TARGET_REDUCTION, capacityViolations: 0, ...halvedVerdict },
    },
    world: {
      teamSize: worlds[0]!.moderators.length,
      weeklyArrivalsExpected: worlds[0]!.weeklyArrivals,
      measuredArrivals: worlds.map((w) => w.tickets.filter((t) => t.arrival >= w.measuredFrom && t.arrival < w.measuredTo).length),
      skillBlindFit: worlds[0]!.skillBlindFit,
      measuredWeekStartsAtHour: parameters.warmupDays * HOURS_PER_DAY,
    },
    parameters,
    parameterSources: PARAMETER_SOURCES,
  };
  const resultsDir = path.join(repoRoot, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, 'assignment-sim.json'), `${JSON.stringify(json, null, 2)}\n`);

  const section = renderSection({ date, seconds, seeds, worlds, baseline, halved, baselineVerdict, halvedVerdict });
  const resultsPath = path.join(repoRoot, 'bench', 'RESULTS.md');
  const previous = existsSync(resultsPath) ? readFileSync(resultsPath, 'utf8') : '';
  writeFileSync(resultsPath, withSection(previous, 'assignment-sim', section));
  console.log(section);
  console.log(`\nWrote bench/results/assignment-sim.json and the "assignment-sim" section of bench/RESULTS.md (${seconds.toFixed(1)} s).`);
}

main();
