#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { runConformance } from './run-conformance.js';

// parlor-minigame-conformance [--players N] [--difficulty D] -- <command> [args…]
const split = process.argv.indexOf('--');
const own = split < 0 ? [] : process.argv.slice(2, split);
const command = split < 0 ? process.argv.slice(2) : process.argv.slice(split + 1);
const { values } = parseArgs({
  args: own,
  options: { players: { type: 'string' }, difficulty: { type: 'string' } },
});
if (command.length === 0) {
  console.error('usage: parlor-minigame-conformance [--players N] [--difficulty D] -- <command> [args…]');
  process.exit(2);
}
const report = await runConformance({
  command,
  players: values.players ? Number(values.players) : 2,
  ...(values.difficulty ? { difficulty: values.difficulty } : {}),
});
for (const line of report.lines()) console.log(line);
console.log(report.ok ? 'conformant' : `${report.findings.filter((f) => !f.ok).length} check(s) failed`);
process.exit(report.ok ? 0 : 1);
