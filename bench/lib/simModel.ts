/**
 * The world of the assignment simulation: every parameter with where its value comes
 * from, the team (skills, shifts, speed) and the stream of tickets (arrival times,
 * required skills, work, customer reply delays). Everything is drawn from a seeded
 * generator, so a seed gives the same week every time, and every policy is run on
 * the same team and the same tickets (common random numbers).
 */
import { DEFAULT_CAPACITY } from '../../server/src/assignment/scoreModerators.js';
import { loadCorpus } from '../../server/src/triage/corpus/loadCorpus.js';
import { SKILL_LEXICON } from '../../server/src/triage/localEngine/skillLexicon.js';
import { seededRandom } from './seed.js';

export const HOURS_PER_DAY = 24;
export const HOURS_PER_WEEK = 168;
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** A group of moderators working the same hours on the same days. */
export interface ShiftPattern {
  label: string;
  moderators: number;
  /** Hour of day the shift starts and ends (end > start, same day). */
  startHour: number;
  endHour: number;
  /** Days worked, 0 = Monday. */
  days: readonly number[];
}

/** A team specialty: the lexicon skills its moderators list first. */
export interface SkillArea {
  label: string;
  skills: readonly string[];
}

export interface SimParameters {
  /** Moderators per shift pattern; the team size is their sum. */
  shifts: readonly ShiftPattern[];
  areas: readonly SkillArea[];
  /** Skills each moderator lists from their own area (the most requested first). */
  areaSkillsPerModerator: number;
  /** Extra skills outside their area, drawn by how often tickets need them. */
  extraSkillsPerModerator: number;
  capacity: number;
  /** Relative arrival rate by hour of day (any scale; normalised with the weekday curve). */
  hourlyProfile: readonly number[];
  /** Relative arrival rate by day, Monday first. */
  weekdayProfile: readonly number[];
  /**
   * Share of online moderator time the week's work would take if tickets went to
   * moderators regardless of skill (as round-robin does); sets the arrival volume.
   */
  targetOccupancy: number;
  /** Moderator working time a ticket needs in total, for a fully skilled moderator of speed 1: log-normal. */
  workMedianHours: number;
  workSigma: number;
  /** Probability of 1, 2, 3, 4 moderator replies before the ticket is resolved. */
  repliesDistribution: readonly number[];
  /** Time the customer takes to answer between two replies: log-normal, wall-clock. */
  customerDelayMedianHours: number;
  customerDelaySigma: number;
  /** Work is multiplied by `1 + skillEffect × (1 − fit)`: 1 means a moderator with none of the skills takes twice as long. */
  skillEffect: number;
  /** Work rate is divided by `1 + loadPenalty × (active − 1)`, active counted up to capacity: the cost of juggling open tickets. */
  loadPenalty: number;
  /** Moderators' own speed: log-normal with median 1. */
  speedSigma: number;
  warmupDays: number;
  measuredDays: number;
  /** The run stops at most this many days after the measured week, resolved or not. */
  maxDrainDays: number;
}

/**
 * The defaults, with their sources in `PARAMETER_SOURCES`. Nothing here was chosen
 * by looking at which policy wins.
 */
export const DEFAULT_PARAMETERS: SimParameters = {
  shifts: [
    { label: 'early 06–14, Mon–Fri', moderators: 5, startHour: 6, endHour: 14, days: [0, 1, 2, 3, 4] },
    { label: 'day 09–17, Mon–Fri', moderators: 6, startHour: 9, endHour: 17, days: [0, 1, 2, 3, 4] },
    { label: 'late 14–22, Mon–Fri', moderators: 5, startHour: 14, endHour: 22, days: [0, 1, 2, 3, 4] },
    { label: 'day 09–17, Tue–Sat', moderators: 2, startHour: 9, endHour: 17, days: [1, 2, 3, 4, 5] },
    { label: 'day 09–17, Sun–Thu', moderators: 2, startHour: 9, endHour: 17, days: [6, 0, 1, 2, 3] },
  ],
  areas: [
    { label: 'accounts and security', skills: ['authentication', 'security', 'email'] },
    { label: 'billing', skills: ['billing', 'payments', 'import-export'] },
    { label: 'API and integrations', skills: ['api', 'integrations', 'authentication'] },
    { label: 'platform', skills: ['performance', 'database', 'devops', 'networking', 'docker', 'kubernetes'] },
    { label: 'web and mobile', skills: ['javascript', 'mobile', 'css', 'ios', 'accessibility', 'android'] },
  ],
  areaSkillsPerModerator: 3,
  extraSkillsPerModerator: 1,
  capacity: DEFAULT_CAPACITY,
  hourlyProfile: [
    0.25, 0.2, 0.15, 0.15, 0.15, 0.2, 0.35, 0.6, 1.0, 1.45, 1.7, 1.65,
    1.4, 1.5, 1.55, 1.45, 1.3, 1.05, 0.8, 0.65, 0.55, 0.45, 0.35, 0.3,
  ],
  weekdayProfile: [1.2, 1.15, 1.05, 1.0, 0.9, 0.35, 0.35],
  targetOccupancy: 0.75,
  workMedianHours: 0.25,
  workSigma: 1.4,
  repliesDistribution: [0.5, 0.3, 0.15, 0.05],
  customerDelayMedianHours: 2,
  customerDelaySigma: 1,
  skillEffect: 1,
  loadPenalty: 0.03,
  speedSigma: 0.2,
  warmupDays: 7,
  measuredDays: 7,
  maxDrainDays: 28,
};

/** Where each parameter's value comes from; printed in RESULTS.md and kept in the JSON. */
export const PARAMETER_SOURCES: Readonly<Record<keyof SimParameters | 'ticketSkills', string>> = {
  ticketSkills:
    "Each ticket's required skills are those of a ticket drawn from the project's labelled triage corpus " +
    '(server/src/triage/corpus/tickets.jsonl, 900 tickets; 22% need no skill, 48% one, 28% two, 2% three), ' +
    'so skill names are the lexicon of server/src/triage/localEngine/skillLexicon.ts and their mix is the one triage produces.',
  shifts:
    'Assumption: a 20-person team in one time zone, three weekday shifts (early, day, late) and four people whose ' +
    'five-day week covers Saturday or Sunday; nobody online 22:00–06:00. 40 online hours each.',
  areas:
    'Assumption: five specialties grouped from the skill pairs that occur together in the triage corpus ' +
    '(billing+payments, api+authentication, api+integrations, devops+networking, authentication+security, ...).',
  areaSkillsPerModerator:
    'Assumption: a moderator lists 3 skills of their specialty (drawn by demand) and 1 other; team members are ' +
    'given specialties in proportion to the demand for them.',
  extraSkillsPerModerator: 'Assumption, see areaSkillsPerModerator.',
  capacity: 'The server default: ASSIGNMENT_CAPACITY = 10 (server/src/config/env.ts, DEFAULT_CAPACITY in scoreModerators.ts).',
  hourlyProfile:
    'Assumption shaped after published peak-hour analyses: volume concentrates in business hours with the busiest ' +
    'hour at 10–11 carrying about twice the hourly average (kpitree.co, "Peak support hours analysis"); a low night floor.',
  weekdayProfile:
    'Monday and Tuesday busiest, Friday the quietest weekday (Ruby Receptionists, "What are the busiest workdays of the ' +
    'year?", ruby.com); weekend at about a third of a weekday is an assumption for a B2B product.',
  targetOccupancy:
    'Arrival volume is set so that the work, at the skill fit of assignment that ignores skills, fills 75% of online ' +
    'moderator time: the low end of the 75–85% occupancy contact centres plan for (industry rule of thumb, e.g. ICMI). ' +
    'Queueing at night and at the Monday peak comes on top.',
  workMedianHours:
    'Moderator working time per ticket (all replies): median 15 min. Email active time is put at 4–6 min per reply ' +
    '(Salesforce State of Service, as cited by stealthagents.com) and B2B technical tickets at 20 min or more for most ' +
    '(altorlab.com "Handle time"); 15 min median over about two replies sits between them.',
  workSigma:
    'σ = 1.4 gives 58% of tickets under 20 min and a long tail (mean 40 min), the shape altorlab.com describes ' +
    '("about 60% close in under 20 minutes"); its heavier tail (15% over 3 h) is not reproduced.',
  repliesDistribution: 'Assumption: half the tickets resolved with one reply, mean 1.75 replies.',
  customerDelayMedianHours: 'Assumption: the customer answers in a median 2 h (mean 3.3 h), at any hour.',
  customerDelaySigma: 'Assumption, see customerDelayMedianHours.',
  skillEffect:
    'Assumption: a moderator with none of the required skills needs twice the working time (linear in the share of ' +
    'skills missing). Call-centre data show that the same call type takes different agents very different times ' +
    '(Mehrotra, Ross, Ryder & Zhou, "Routing to manage resolution and waiting time in call centers with heterogeneous ' +
    'servers", MSOM 2012), but no figure exists for these skills; hence the run with the effect halved.',
  loadPenalty:
    'Assumption: 3% slower per additional open ticket (+27% at 10), no further slow-down beyond capacity. Juggling more open cases lengthens each one ' +
    '(Coviello, Ichino & Persico, "Time allocation and task juggling", AER 2014); the size here is a guess.',
  speedSigma: 'Assumption: moderators differ in speed, σ = 0.2 (the middle 50% within ±14% of the median).',
  warmupDays:
    'A week simulated first and not measured, so queues, workloads and the resolution history the scorer reads ' +
    '(totalResolved, average resolution hours, lastAssignedAt) are those of a running desk.',
  measuredDays: 'The tickets that arrive in this week are measured; arrivals go on afterwards until they are all resolved.',
  maxDrainDays: 'Safety stop; a ticket still open then is reported as unresolved.',
};

// ------------------------------------------------------------------------------------------

/** A moderator of the simulated team. */
export interface SimModerator {
  id: string;
  name: string;
  skills: string[];
  area: string;
  shift: string;
  /** Work done per hour online, before the load penalty. */
  speed: number;
  /** Online intervals in hours since the start of the run, in order. */
  online: Array<[number, number]>;
}

/** A ticket as it arrives. */
export interface SimTicket {
  id: number;
  /** Hours since the start of the run (Monday 00:00 of the warm-up week). */
  arrival: number;
  skills: string[];
  /** Total moderator working time for a fully skilled moderator of speed 1, in hours. */
  work: number;
  replies: number;
  /** Customer delays after each reply but the last, in hours. */
  customerDelays: number[];
}

export interface SimWorld {
  parameters: SimParameters;
  seed: number;
  moderators: SimModerator[];
  tickets: SimTicket[];
  /** Arrivals per week on average, from the occupancy target. */
  weeklyArrivals: number;
  /** The expected skill fit of a ticket given to a moderator without looking at skills. */
  skillBlindFit: number;
  horizonHours: number;
  measuredFrom: number;
  measuredTo: number;
}

export type Random = () => number;

function normal(random: Random): number {
  // Box–Muller; 1 − u keeps the logarithm finite.
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function logNormal(random: Random, median: number, sigma: number): number {
  return median * Math.exp(sigma * normal(random));
}

function poisson(random: Random, mean: number): number {
  // Knuth's method; hourly means here stay well below 50.
  const limit = Math.exp(-mean);
  let count = 0;
  let product = random();
  while (product > limit) {
    count += 1;
    product *= random();
  }
  return count;
}

function pickWeighted<T>(random: Random, items: readonly T[], weight: (item: T) => number): T {
  const total = items.reduce((sum, item) => sum + weight(item), 0);
  let r = random() * total;
  for (const item of items) {
    r -= weight(item);
    if (r < 0) return item;
  }
  return items[items.length - 1] as T;
}

/**
 * The share of a ticket's required skills the moderator has: the ground truth of the
 * simulation, deliberately not the scorer's fuzzy `computeSkillMatch`. A ticket that
 * needs no skill fits everyone.
 */
export function skillFit(ticketSkills: readonly string[], moderatorSkills: readonly string[]): number {
  if (ticketSkills.length === 0) return 1;
  let held = 0;
  for (const skill of ticketSkills) if (moderatorSkills.includes(skill)) held += 1;
  return held / ticketSkills.length;
}

/** How often each lexicon skill is required, from the corpus. */
function skillDemand(corpusSkills: readonly (readonly string[])[]): Map<string, number> {
  const demand = new Map<string, number>(Object.keys(SKILL_LEXICON).map((s) => [s, 0]));
  for (const skills of corpusSkills) for (const s of skills) demand.set(s, (demand.get(s) ?? 0) + 1);
  return demand;
}

/** Moderators per area in proportion to the demand for the area's skills (largest remainder). */
function areaSeats(areas: readonly SkillArea[], demand: Map<string, number>, team: number): number[] {
  const weights = areas.map((a) => a.skills.reduce((sum, s) => sum + (demand.get(s) ?? 0), 0));
  const total = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / total) * team);
  const seats = exact.map(Math.floor);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; seats.reduce((a, b) => a + b, 0) < team; k += 1) {
    const index = order[k % order.length]![1];
    seats[index] = (seats[index] ?? 0) + 1;
  }
  return seats;
}

function buildTeam(parameters: SimParameters, demand: Map<string, number>, random: Random, horizonHours: number): SimModerator[] {
  const team = parameters.shifts.reduce((sum, s) => sum + s.moderators, 0);
  const seats = areaSeats(parameters.areas, demand, team);
  // Specialties are dealt round the shifts, so every shift has a mix of them.
  const areaOfSeat: SkillArea[] = [];
  const remaining = [...seats];
  while (areaOfSeat.length < team) {
    parameters.areas.forEach((area, i) => {
      if ((remaining[i] ?? 0) > 0 && areaOfSeat.length < team) {
        areaOfSeat.push(area);
        remaining[i] = (remaining[i] ?? 0) - 1;
      }
    });
  }
  const allSkills = [...demand.keys()];
  const moderators: SimModerator[] = [];
  let index = 0;
  for (const shift of parameters.shifts) {
    for (let k = 0; k < shift.moderators; k += 1) {
      const area = areaOfSeat[index]!;
      const skills: string[] = [];
      const pool = [...area.skills];
      while (skills.length < Math.min(parameters.areaSkillsPerModerator, area.skills.length)) {
        const skill = pickWeighted(random, pool, (s) => (demand.get(s) ?? 0) + 1);
        skills.push(skill);
        pool.splice(pool.indexOf(skill), 1);
      }
      const others = allSkills.filter((s) => !skills.includes(s));
      for (let e = 0; e < parameters.extraSkillsPerModerator; e += 1) {
        const skill = pickWeighted(random, others, (s) => (demand.get(s) ?? 0) + 1);
        skills.push(skill);
        others.splice(others.indexOf(skill), 1);
      }
      const online: Array<[number, number]> = [];
      for (let day = 0; day * HOURS_PER_DAY < horizonHours; day += 1) {
        if (shift.days.includes(day % 7)) online.push([day * HOURS_PER_DAY + shift.startHour, day * HOURS_PER_DAY + shift.endHour]);
      }
      index += 1;
      moderators.push({
        id: `mod-${String(index).padStart(2, '0')}`,
        name: `Moderator ${index}`,
        skills,
        area: area.label,
        shift: shift.label,
        speed: Math.exp(parameters.speedSigma * normal(random)),
        online,
      });
    }
  }
  return moderators;
}

/** Mean of `hourly[h] × weekday[d]` over the week is 1 after this factor. */
function profileScale(parameters: SimParameters): number {
  let sum = 0;
  for (let d = 0; d < 7; d += 1) for (let h = 0; h < 24; h += 1) sum += (parameters.weekdayProfile[d] ?? 0) * (parameters.hourlyProfile[h] ?? 0);
  return HOURS_PER_WEEK / sum;
}

/**
 * Builds the team and the ticket stream for one seed. The arrival volume follows from
 * `targetOccupancy`: online hours × occupancy ÷ the expected work of a ticket given to
 * a moderator without regard to skill (mean over corpus tickets and team members).
 */
export function buildWorld(parameters: SimParameters, seed: number, corpusSkills: readonly (readonly string[])[]): SimWorld {
  const random = seededRandom(seed);
  const demand = skillDemand(corpusSkills);
  const horizonHours = (parameters.warmupDays + parameters.measuredDays + parameters.maxDrainDays) * HOURS_PER_DAY;
  const moderators = buildTeam(parameters, demand, random, horizonHours);

  let fitSum = 0;
  let multiplierSum = 0;
  for (const skills of corpusSkills) {
    for (const m of moderators) {
      const fit = skillFit(skills, m.skills);
      fitSum += fit;
      multiplierSum += (1 + parameters.skillEffect * (1 - fit)) / m.speed;
    }
  }
  const pairs = corpusSkills.length * moderators.length;
  const skillBlindFit = fitSum / pairs;
  const meanWork = parameters.workMedianHours * Math.exp(parameters.workSigma ** 2 / 2) * (multiplierSum / pairs);
  const onlineHoursPerWeek = parameters.shifts.reduce((sum, s) => sum + s.moderators * s.days.length * (s.endHour - s.startHour), 0);
  const weeklyArrivals = (parameters.targetOccupancy * onlineHoursPerWeek) / meanWork;

  const scale = profileScale(parameters) * (weeklyArrivals / HOURS_PER_WEEK);
  const tickets: SimTicket[] = [];
  for (let hour = 0; hour < horizonHours; hour += 1) {
    const rate = scale * (parameters.weekdayProfile[Math.floor(hour / 24) % 7] ?? 0) * (parameters.hourlyProfile[hour % 24] ?? 0);
    const count = poisson(random, rate);
    const times = Array.from({ length: count }, () => hour + random()).sort((a, b) => a - b);
    for (const arrival of times) {
      const skills = [...(corpusSkills[Math.floor(random() * corpusSkills.length)] ?? [])];
      const replies = 1 + parameters.repliesDistribution.indexOf(pickWeighted(random, parameters.repliesDistribution, (p) => p));
      tickets.push({
        id: tickets.length,
        arrival,
        skills,
        work: logNormal(random, parameters.workMedianHours, parameters.workSigma),
        replies,
        customerDelays: Array.from({ length: replies - 1 }, () =>
          logNormal(random, parameters.customerDelayMedianHours, parameters.customerDelaySigma),
        ),
      });
    }
  }
  const measuredFrom = parameters.warmupDays * HOURS_PER_DAY;
  return {
    parameters,
    seed,
    moderators,
    tickets,
    weeklyArrivals,
    skillBlindFit,
    horizonHours,
    measuredFrom,
    measuredTo: measuredFrom + parameters.measuredDays * HOURS_PER_DAY,
  };
}

/** The required skills of every corpus ticket. */
export function corpusTicketSkills(): string[][] {
  return loadCorpus().map((t) => t.skills);
}
