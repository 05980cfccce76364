/**
 * Runs the assignment scorer micro-benchmark in a process of its own (pinned like
 * the server under test) and prints the results as one JSON line.
 */
import { benchmarkScorer } from './scorerBench.js';

process.stdout.write(`${JSON.stringify(benchmarkScorer())}\n`);
