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
/** Other arrival volumes, as occupancy targets, for the load sensitivity. */
const LOAD_LEVELS = [0.6, 0.85] as const;

interface LoadCase {
  targetOccupancy: number;
  skillEffect: number;
  figures: Record<PolicyName, PolicyFigures>;
}
const COMPARED = ['weighted', 'roundRobin', 'roundRobinCapped', 'leastLoaded'] as const;
const VARIANTS = ['weightedSkillBlind', 'weightedWaitForOnline'] as const;
const POLICY_ORDER = [...COMPARED, ...VARIANTS] as const;
type PolicyName = (typeof POLICY_ORDER)[number];

function policiesFor(parameters: SimParameters) {
  const capacity = parameters.capacity;
  return [
    weightedPolicy({ capacity }),
    roundRobinPolicy(),
    roundRobinPolicy({ maxAssignmentLimit: capacity }),
    leastLoadedPolicy({ capacity }),
    weightedPolicy({ capacity, variant: 'skillBlind' }),
    weightedPolicy({ capacity, variant: 'waitForOnline' }),
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
    /** What-if variants of the weighted policy, simulated only; the server does neither. */
    weightedVariants: { skillBlind: figures.weightedSkillBlind, waitForOnline: figures.weightedWaitForOnline },
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

function loadTable(cases: readonly LoadCase[]): string {
  const cell = (f: PolicyFigures) =>
    `${f.meanResolutionHours.toFixed(1)} / ${f.p90ResolutionHours.toFixed(0)}${f.capacityViolations ? ` (${f.capacityViolations})` : ''}`;
  return table(
    ['Occupancy target', 'Skill effect', 'Weighted', 'Round-robin', 'RR capped', 'Least-loaded', 'vs RR', 'vs RR capped', 'vs least-loaded'],
    cases.map(({ targetOccupancy, skillEffect, figures }) => {
      const v = verdict(figures);
      return [
        pct(targetOccupancy),
        `×${1 + skillEffect}`,
        cell(figures.weighted),
        cell(figures.roundRobin),
        cell(figures.roundRobinCapped),
        cell(figures.leastLoaded),
        pct(v.meanReductionVsRoundRobin),
        pct(v.meanReductionVsRoundRobinCapped),
        pct(v.meanReductionVsLeastLoaded),
      ];
    }),
  );
}

function loadHeadline(cases: readonly LoadCase[]): string {
  const verdicts = cases.map((c) => verdict(c.figures));
  const range = (pick: (v: ReturnType<typeof verdict>) => number) => {
    const values = verdicts.map(pick);
    return `${pct(Math.min(...values))} to ${pct(Math.max(...values))}`;
  };
  const weakest = Math.min(...verdicts.map((v) => v.meanReductionVsLeastLoaded));
  const occupancies = cases.map((c) => c.targetOccupancy);
  return (
    `- Across arrival volumes (${pct(Math.min(...occupancies))} to ${pct(Math.max(...occupancies))} occupancy) and both skill effects, the weighted mean is ` +
    `${range((v) => v.meanReductionVsRoundRobin)} below round-robin, ${range((v) => v.meanReductionVsRoundRobinCapped)} below capped round-robin ` +
    `and ${range((v) => v.meanReductionVsLeastLoaded)} below least-loaded` +
    (weakest < 0.05
      ? ': with the weaker skill effect least-loaded is about as good or better. The scorer sends tickets to skilled moderators who already have work (skill weighs 0.5, availability 0.3), and when skill saves less, the wait behind that work costs about as much as it saves.'
      : '.')
  );
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
  load: readonly LoadCase[];
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
    `- Weighted (the real \`scoreModerators\`): mean time to resolution **${hours(w.meanResolutionHours)}** against **${hours(rr.meanResolutionHours)}** for Chatwoot's default round-robin: **${pct(bv.meanReductionVsRoundRobin)} lower** (target ${pct(TARGET_REDUCTION)}: ${bv.met ? 'met' : 'not met'}), p90 ${hours(w.p90ResolutionHours)} against ${hours(rr.p90ResolutionHours)}, with ${w.capacityViolations} capacity violations (round-robin: ${rr.capacityViolations}). Against round-robin with Chatwoot's assignment limit set to the capacity: ${pct(bv.meanReductionVsRoundRobinCapped)} lower; against least-loaded: ${pct(bv.meanReductionVsLeastLoaded)} lower.`,
    `- Skill effect halved (a moderator without the skills takes 1.5× instead of 2× as long): ${hours(halved.weighted.meanResolutionHours)} against ${hours(halved.roundRobin.meanResolutionHours)}, ${pct(hv.meanReductionVsRoundRobin)} lower than round-robin (target ${hv.met ? 'met' : 'not met'}); ${pct(hv.meanReductionVsRoundRobinCapped)} lower than capped round-robin, ${pct(hv.meanReductionVsLeastLoaded)} lower than least-loaded.`,
    `- ${rr.meanResolutionHours - baseline.roundRobinCapped.meanResolutionHours > baseline.roundRobinCapped.meanResolutionHours - w.meanResolutionHours ? 'Most' : 'Part'} of the gap to the default round-robin is overload, not skill: it gives every online moderator the same share whatever they already hold (the early shift takes the night's tickets at 06:00, the two weekend moderators on duty take all of a Saturday or Sunday, and whoever falls behind keeps receiving), so ${rr.capacityViolations} assignments went above capacity, loads reached ${rr.maxLoad} and ${rr.unresolved} tickets were still open four weeks later. The skill weight itself is worth the difference to the same scorer called without the ticket's skills: ${hours(baseline.weightedSkillBlind.meanResolutionHours)} against ${hours(w.meanResolutionHours)} (${pct(reduction(w.meanResolutionHours, baseline.weightedSkillBlind.meanResolutionHours))} lower), ${pct(reduction(halved.weighted.meanResolutionHours, halved.weightedSkillBlind.meanResolutionHours))} with the effect halved. The assignee holds ${pct(w.meanSkillFit)} of the required skills under the scorer against ${pct(rr.meanSkillFit)} under round-robin, and the same tickets take ${pct(w.occupancy)} of the online hours against ${pct(baseline.leastLoaded.occupancy)} under least-loaded.`,
    `- Offline fallback: the scorer never leaves a ticket unassigned while any moderator has room; ${pct(w.assignedOfflineShare)} of tickets went to someone offline (${w.assignedOfflineWhileOthersOnline} of them while others were online but full, the rest at night or at the weekend) and took ${w.givenOfflineMeanResolutionHours === null ? 'n/a' : hours(w.givenOfflineMeanResolutionHours)} on average, since their assignee starts at their next shift. Offering them only to online moderators and queueing otherwise gives ${hours(baseline.weightedWaitForOnline.meanResolutionHours)} (${hours(halved.weightedWaitForOnline.meanResolutionHours)} halved) against ${hours(w.meanResolutionHours)}: the fallback ${baseline.weightedWaitForOnline.meanResolutionHours > w.meanResolutionHours ? 'does not cost time on average' : 'costs time on average'}.`,
    loadHeadline(args.load),
    `- Fairness of turns (Gini of tickets per moderator per week, 0 = equal): weighted ${w.fairness.gini.toFixed(3)}, round-robin ${rr.fairness.gini.toFixed(3)}, capped round-robin ${baseline.roundRobinCapped.fairness.gini.toFixed(3)}, least-loaded ${baseline.leastLoaded.fairness.gini.toFixed(3)}; under the scorer a moderator received from ${w.fairness.min} to ${w.fairness.max} tickets in a week (round-robin ${rr.fairness.min} to ${rr.fairness.max}). Everyone works the same 40 hours, so equal counts would be fair.`,
    '',
    '## Results, skill effect as assumed (×2 working time without the skills)',
    '',
    'Hours are wall-clock, arrival to resolution, pooled over the measured weeks; a ticket still open when the run stopped (28 days after the measured week, "Unresolved") counts with its age then, so those figures are lower bounds. "Mean vs RR": how much lower than round-robin. Capacity violations: assignments that took a moderator above capacity; hours over capacity: moderator-hours spent above it. Gini and "tickets/mod/week": tickets assigned per moderator in a measured week (Gini averaged over the weeks, range over all). Skill fit: share of the required skills the assignee had. Hours to assign: arrival to assignment (the queue of unassigned tickets). Given while offline: share assigned to a moderator off shift, and their mean resolution. Occupancy: working time over online time.',
    '',
    figuresTable(baseline, COMPARED),
    '',
    '## Results, skill effect halved (×1.5)',
    '',
    'Same team, same tickets, same arrival volume; only the effect of missing skills on working time is halved.',
    '',
    figuresTable(halved, COMPARED),
    '',
    '## What-if variants of the weighted policy (simulated only; the server does neither)',
    '',
    '"Ticket skills not passed": the real scorer called with no ticket skills, so skill match is 0.5 for everyone and availability, performance and turns decide; the difference to `weighted` is what the skill weight is worth. "Online moderators only": the real scorer given only the moderators online; with none eligible the ticket waits in the queue and is offered again when someone comes online or frees capacity, instead of going to an offline moderator. Skill effect as assumed, then halved:',
    '',
    figuresTable(baseline, ['weighted', ...VARIANTS]),
    '',
    figuresTable(halved, ['weighted', ...VARIANTS]),
    '',
    '## Sensitivity to the arrival volume',
    '',
    `The same five weeks with fewer and more tickets: the volume set for ${LOAD_LEVELS.map(pct).join(' and ')} occupancy instead of ${pct(parameters.targetOccupancy)} (at the skill fit of an assignment that ignores skills), each with both skill effects. Mean / p90 hours, capacity violations in brackets when there were any; the last three columns: how much lower the weighted mean is.`,
    '',
    loadTable(args.load),
    '',
    '## Mean resolution per simulated week (hours)',
    '',
    'Skill effect as assumed:',
    '',
    weeksTable(baseline, args.seeds, POLICY_ORDER),
    '',
    'Skill effect halved:',
    '',
    weeksTable(halved, args.seeds, POLICY_ORDER),
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
  const load: LoadCase[] = [{ targetOccupancy: parameters.targetOccupancy, skillEffect: parameters.skillEffect, figures: baseline }];
  load.push({ targetOccupancy: parameters.targetOccupancy, skillEffect: halvedEffect, figures: halved });
  for (const targetOccupancy of LOAD_LEVELS) {
    const loadWorlds = seeds.map((seed) => buildWorld({ ...parameters, targetOccupancy }, seed, corpus));
    for (const skillEffect of [parameters.skillEffect, halvedEffect]) {
      load.push({ targetOccupancy, skillEffect, figures: runAll(loadWorlds, skillEffect) });
    }
  }
  load.sort((a, b) => a.targetOccupancy - b.targetOccupancy || b.skillEffect - a.skillEffect);
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
    /** The compared policies at other arrival volumes (occupancy targets), each with both skill effects. */
    loadSensitivity: load.map(({ targetOccupancy, skillEffect, figures }) => ({
      targetOccupancy,
      skillEffect,
      weeklyArrivalsExpected: buildWorld({ ...parameters, targetOccupancy }, seeds[0]!, corpus).weeklyArrivals,
      ...Object.fromEntries(
        COMPARED.map((name) => [
          name,
          {
            meanResolutionHours: figures[name].meanResolutionHours,
            p90ResolutionHours: figures[name].p90ResolutionHours,
            capacityViolations: figures[name].capacityViolations,
            unresolved: figures[name].unresolved,
          },
        ]),
      ),
      ...verdict(figures),
    })),
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

  const section = renderSection({ date, seconds, seeds, worlds, baseline, halved, baselineVerdict, halvedVerdict, load });
  const resultsPath = path.join(repoRoot, 'bench', 'RESULTS.md');
  const previous = existsSync(resultsPath) ? readFileSync(resultsPath, 'utf8') : '';
  writeFileSync(resultsPath, withSection(previous, 'assignment-sim', section));
  console.log(section);
  console.log(`\nWrote bench/results/assignment-sim.json and the "assignment-sim" section of bench/RESULTS.md (${seconds.toFixed(1)} s).`);
}

main();
