/**
 * Workflow runner throughput: `npx tsx --conditions=source bench/runner.ts [--tickets 300] [--engine sqlite|postgres] [--timeout 600]`.
 *
 * Files a burst of tickets on an empty database and reports how fast the in-process
 * runner triages, assigns and notifies them, and how many database commands it
 * sends per ticket. See bench/README.md, section "Workflow runner".
 */
import { parseArgs } from 'node:util';
import { measureRunnerThroughput, type RunnerBenchEngine } from './lib/runnerThroughput.js';
import { formatMs, machineInfo, table } from './lib/report.js';

const { values } = parseArgs({
  options: {
    tickets: { type: 'string', default: '300' },
    timeout: { type: 'string', default: '600' },
    engine: { type: 'string', default: 'sqlite' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('Usage: npx tsx --conditions=source bench/runner.ts [--tickets 300] [--engine sqlite|postgres] [--timeout 600]');
  process.exit(0);
}
const tickets = Number(values.tickets);
if (!Number.isInteger(tickets) || tickets < 1) throw new Error(`--tickets must be a whole number of at least 1, not ${values.tickets}`);
if (values.engine !== 'sqlite' && values.engine !== 'postgres') throw new Error(`--engine must be sqlite or postgres, not ${values.engine}`);

const machine = machineInfo();
console.log(`machine: ${JSON.stringify(machine)}`);
const result = await measureRunnerThroughput({ engine: values.engine as RunnerBenchEngine, tickets, timeoutSeconds: Number(values.timeout) });
console.log(
  table(
    ['engine', 'tickets notified', 'tickets/s', 'runs/s', 'runner commands / ticket', 'all commands / ticket', 'created → assigned p50 / p95', 'failed runs'],
    [
      [
        result.engine,
        `${result.notifiedTickets} of ${result.tickets}${result.timedOut ? ' (timed out)' : ''}`,
        result.ticketsPerSecond.toFixed(1),
        result.runsPerSecond.toFixed(1),
        result.runnerCommandsPerTicket.toFixed(2),
        result.totalCommandsPerTicket.toFixed(1),
        `${formatMs(result.createdToAssignedMs.p50)} / ${formatMs(result.createdToAssignedMs.p95)}`,
        String(result.failedRuns),
      ],
    ],
  ),
);
const perTicket = (counts: Record<string, number>) => JSON.stringify(Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Number(v.toFixed(2))])));
console.log(`runner commands per ticket by function: ${perTicket(result.runnerCommandsByFunction)}`);
console.log(`load average (1 min) at the start of the burst: ${result.loadAverageAtStart.toFixed(1)} on ${machine.cores} cores; ${result.seconds.toFixed(1)} s in all`);
console.log(`runner commands per ticket by name: ${JSON.stringify(Object.fromEntries(Object.entries(result.runnerCommandsByName).map(([k, v]) => [k, Number(v.toFixed(2))])))}`);
process.exit(0);
