/** The simulation in words: a one-paragraph summary (stderr) and a table (`--report table`). */
import { commentSafe } from './manifest.js';
import { MAX_LISTED_FLOWS, type Simulation } from './simulate.js';

export function simulationSummary(simulation: Simulation): string {
  const declaredKept = simulation.declared.filter((check) => check.kept).length;
  const declaredOpened = simulation.declared.filter((check) => check.opened).length;
  const exposures = (before: boolean, after: boolean): number => simulation.exposures.filter((check) => check.before === before && check.after === after).length;
  const lines = [
    `simulation: ${simulation.workloads} workloads; reachable workload pairs ${simulation.reachablePairs.before} now, ${simulation.reachablePairs.after} after`,
    `  cut: ${simulation.cutPairs} pair${simulation.cutPairs === 1 ? '' : 's'} lose some or all ports (${groups(simulation.cut.length, simulation.listedFlowsCapped)})`,
    `  opened: ${simulation.openedPairs} pair${simulation.openedPairs === 1 ? '' : 's'} gain ports existing policies close today (${groups(simulation.opened.length, simulation.listedFlowsCapped)})`,
    `  declared flows kept: ${declaredKept}/${simulation.declared.length}${declaredOpened > 0 ? ` (${declaredOpened} of them opened: existing policies block them today)` : ''}`,
    `  exposures: ${exposures(true, true)} kept, ${exposures(true, false)} cut, ${exposures(false, true)} opened, ${exposures(false, false)} closed before and after`,
  ];
  if (simulation.dns) lines.push(`  DNS egress to kube-dns: ${simulation.dns.allowed} allowed, ${simulation.dns.blocked.length} blocked`);
  lines.push(`  API server egress (${simulation.api.address}): ${simulation.api.allowed.length} workload(s) allowed, ${simulation.api.expected.length} expected`);
  return `${lines.join('\n')}\n`;
}

function groups(count: number, capped: boolean): string {
  return capped && count >= MAX_LISTED_FLOWS ? `the first ${count} groups listed` : `${count} group${count === 1 ? '' : 's'}`;
}

function exposureVerdict(before: boolean, after: boolean): string {
  if (before) return after ? 'kept' : 'CUT ';
  return after ? 'OPENED' : 'closed';
}

function yesNo(value: boolean): string {
  return value ? 'yes' : 'NO';
}

export function renderSimulationTable(simulation: Simulation): string {
  const out: string[] = [];
  out.push('Declared flows (client -> server, service, port: now / after)');
  if (simulation.declared.length === 0) out.push('  (none found)');
  for (const check of simulation.declared) {
    const ports = check.ports.map((port) => `${port.port}: ${yesNo(port.before)} / ${yesNo(port.after)}`).join(', ');
    out.push(`  ${check.opened ? 'OPENED' : check.kept ? 'kept' : 'CUT '} ${check.client} -> ${check.server} via ${check.service}, ${ports}`);
    out.push(`       because ${check.evidence}`);
  }
  out.push('', 'Traffic from outside the pod network (now / after)');
  if (simulation.exposures.length === 0) out.push('  (none)');
  for (const check of simulation.exposures) {
    out.push(`  ${exposureVerdict(check.before, check.after)} ${check.via} -> ${check.server} on ${check.ports}: ${yesNo(check.before)} / ${yesNo(check.after)}`);
  }
  if (simulation.listedFlowsCapped) out.push('', `(cut and opened flows: the first ${MAX_LISTED_FLOWS} group pairs of each are listed; the pair counts in the summary cover all)`);
  out.push('', 'Flows allowed now that the new policies cut');
  if (simulation.cut.length === 0) out.push('  (none)');
  for (const flow of simulation.cut) {
    out.push(`  ${flow.from.join(', ')}`);
    out.push(`    -> ${flow.to.join(', ')}`);
    out.push(`    now ${flow.before}; after ${flow.after} (${flow.pairs} pair${flow.pairs === 1 ? '' : 's'})`);
  }
  out.push('', 'Flows closed now that the new policies open (existing policies blocked them)');
  if (simulation.opened.length === 0) out.push('  (none)');
  for (const flow of simulation.opened) {
    out.push(`  ${flow.from.join(', ')}`);
    out.push(`    -> ${flow.to.join(', ')}`);
    out.push(`    now ${flow.before}; after ${flow.after} (${flow.pairs} pair${flow.pairs === 1 ? '' : 's'})`);
  }
  if (simulation.dns) {
    out.push('', `DNS egress to ${simulation.dns.servers.join(', ')}: ${simulation.dns.allowed} allowed`);
    for (const blocked of simulation.dns.blocked) out.push(`  blocked: ${blocked}`);
  }
  out.push('', `API server egress (${simulation.api.address})`);
  out.push(`  allowed: ${simulation.api.allowed.join(', ') || '(none)'}`);
  out.push(`  expected: ${simulation.api.expected.join(', ') || '(none)'}`);
  // Names come from the inventory: no control character reaches the terminal.
  return `${out.map(commentSafe).join('\n')}\n`;
}
