/**
 * `eksguard netpol generate`: NetworkPolicies from the traffic an inventory declares (Services,
 * their clients' configuration, Ingresses, load balancers, API use from an audit log), as
 * commented YAML, and with --simulate what applying them would cut.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Option, type Command } from 'commander';
import { readEvents } from '../detect/events/index.js';
import { InventoryView } from '../inventory/index.js';
import { parseCidr } from '../analysis/network/cidr.js';
import type { ObservedApiRequest } from '../respond/observed.js';
import {
  generateNetworkPolicies,
  NetpolInputError,
  renderPolicies,
  renderSimulationTable,
  simulate,
  simulationSummary,
  SYSTEM_NAMESPACES,
  type NetpolResult,
} from '../respond/netpol/index.js';
import { EXIT, UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';
import { eventSources } from './detect-rules.js';
import { auditToObservedRequests } from './observed-requests.js';
import { progress } from './progress.js';
import { loadManifestSource, loadSnapshotSource, type LoadedSource } from './sources.js';
import { VERSION } from './version.js';

interface GenerateFlags {
  snapshot?: string;
  audit: string[];
  namespace: string[];
  allowInternetEgress: string[];
  apiServerCidr: string[];
  simulate: boolean;
  report?: 'json' | 'table';
  output?: string;
}

const HELP = `
Per namespace in scope (all but kube-system, kube-public and kube-node-lease, or those given with
--namespace): a default deny for ingress and egress, DNS egress to kube-dns, and per workload a
policy allowing what the inventory declares: clients that name one of its Services (env, args,
ConfigMaps) in, its own Service calls out, Ingress and LoadBalancer/NodePort traffic in, the API
server out when its service account uses the API (audit log, else RBAC bindings), the Internet
out only with --allow-internet-egress. Every policy, rule and peer has a comment saying why.

--simulate prints on standard error what the policies would change, checked with the
reachability engine; --report json|table prints the detail on standard output (the policies
then go to --output).

Examples:
  eksguard netpol generate examples/shop > netpols.yaml
  eksguard netpol generate --snapshot examples/prod.snapshot.json.gz --audit examples/audit/audit.jsonl --simulate -o netpols.yaml
  eksguard netpol generate examples/shop --namespace shop-backend --namespace shop-data --allow-internet-egress shop-backend/orders-api
  eksguard netpol generate examples/shop --report table -o netpols.yaml

Exit codes: 0 policies written, 2 usage or input error, 3 internal error.`;

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerNetpolCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const netpol = program.command('netpol').description('generate NetworkPolicies from declared traffic, and simulate them');
  netpol
    .command('generate')
    .description('default-deny NetworkPolicies plus allows for the traffic manifests or a snapshot declare, as commented YAML')
    .argument('[paths...]', 'files or directories of manifests (- reads standard input); or use --snapshot')
    .option('--snapshot <file>', 'a snapshot written by `eksguard collect` (.json or .json.gz)')
    .option('--audit <file>', 'Kubernetes audit log (JSON lines, EventList, CloudWatch export; repeatable): who uses the API server', collect, [])
    .option('-n, --namespace <ns>', `namespace to write policies for (repeatable; default all but ${SYSTEM_NAMESPACES.join(', ')})`, collect, [])
    .option('--allow-internet-egress <ns/name>', 'workload allowed to reach the Internet (repeatable)', collect, [])
    .option('--api-server-cidr <cidr>', "the API server's addresses (repeatable; default the kubernetes Service's endpoints)", collect, [])
    .option('--simulate', 'compare reachability before and after with the reachability engine; summary on standard error', false)
    .addOption(new Option('--report <format>', 'simulation detail on standard output (implies --simulate; needs --output)').choices(['json', 'table']))
    .option('-o, --output <file>', 'write the policies to this file instead of standard output')
    .addHelpText('after', HELP)
    .action(async (paths: string[], flags: GenerateFlags) => {
      setExit(await generate(paths, flags, io));
    });
}

async function loadSource(paths: string[], flags: GenerateFlags, io: CliIo): Promise<LoadedSource> {
  if ((paths.length > 0) === (flags.snapshot !== undefined)) throw new UsageError('give exactly one input: manifest paths or --snapshot FILE');
  if (flags.snapshot !== undefined) return loadSnapshotSource(flags.snapshot, io);
  const status = progress(io.stderr);
  try {
    return await loadManifestSource(paths, io, status);
  } finally {
    status.done();
  }
}

/** The audit log's requests; unreadable files are input errors, bad lines warnings. */
async function readAudit(files: readonly string[], io: CliIo): Promise<{ requests: ObservedApiRequest[]; failed: boolean }> {
  // Paths are taken from where eksguard runs; a missing one is a usage error naming it.
  const reader = readEvents(eventSources(io, files), { stdin: io.stdin });
  const requests: ObservedApiRequest[] = [];
  for await (const request of auditToObservedRequests(reader)) requests.push(request);
  for (const issue of reader.stats.issues) io.stderr.write(`eksguard: audit: ${issue.file}:${issue.line}: ${issue.message}\n`);
  if (reader.stats.issuesOmitted > 0) io.stderr.write(`eksguard: audit: ${reader.stats.issuesOmitted} more problems not shown\n`);
  // With an audit log only the service accounts seen in it reach the API server: a file without
  // events (CloudTrail given by mistake) would cut every workload off it, unnoticed.
  if (reader.stats.k8sAudit === 0) io.stderr.write(`eksguard: audit: no Kubernetes audit events in ${files.join(' ')}: no workload is allowed to reach the API server\n`);
  return { requests, failed: reader.stats.unreadable > 0 };
}

function checkFlags(paths: readonly string[], flags: GenerateFlags): void {
  if (paths.includes('-') && flags.audit.includes('-')) throw new UsageError('standard input (-) can be read once: give the manifests or the audit log as a file');
  if (flags.report && !flags.output) throw new UsageError('--report prints the simulation on standard output: give --output FILE for the policies');
  for (const cidr of flags.apiServerCidr) if (!parseCidr(cidr)) throw new UsageError(`--api-server-cidr ${cidr}: not a CIDR (like 10.0.1.15/32)`);
  // A namespace name is a DNS-1123 label; anything else would make every policy unappliable.
  for (const namespace of flags.namespace) if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace)) throw new UsageError(`--namespace ${namespace}: not a namespace name (lowercase letters, digits and -, at most 63)`);
  for (const name of flags.allowInternetEgress) if (!/^[^/]+\/[^/]+$/.test(name)) throw new UsageError(`--allow-internet-egress ${name}: give namespace/name`);
}

function header(result: NetpolResult, source: string): string[] {
  const lines = [`NetworkPolicies generated by eksguard ${VERSION} from ${source}: review before applying.`, `Namespaces: ${result.namespaces.join(', ') || '(none)'}`];
  for (const { namespace, policies } of result.existing) {
    lines.push(`Namespace ${namespace} already has NetworkPolicies (${policies.join(', ')}): they stay in force, and these add to them (policies are additive).`);
  }
  for (const note of result.notes) lines.push(`Note: ${note}`);
  return lines;
}

async function generate(paths: string[], flags: GenerateFlags, io: CliIo): Promise<number> {
  checkFlags(paths, flags);
  const source = await loadSource(paths, flags, io);
  const audit = flags.audit.length > 0 ? await readAudit(flags.audit, io) : undefined;
  const view = new InventoryView(source.input.inventory, source.input.locator);
  let result: NetpolResult;
  try {
    result = generateNetworkPolicies(
      view,
      { namespaces: flags.namespace, allowInternetEgress: flags.allowInternetEgress, apiServerCidrs: flags.apiServerCidr },
      audit?.requests,
    );
  } catch (error) {
    if (error instanceof NetpolInputError) throw new UsageError(error.message);
    throw error;
  }
  const described = flags.snapshot ?? paths.join(' ');
  const yaml = renderPolicies(result.policies, header(result, described));
  if (flags.output && flags.output !== '-') writeFile(flags.output, yaml);
  else io.stdout.write(yaml);
  io.stderr.write(
    `eksguard: ${result.policies.length} NetworkPolicies for ${result.namespaces.length} namespaces; ${result.flows.length} declared flows, ${result.exposures.length} exposures${audit ? `, ${audit.requests.length} audit requests` : ''}\n`,
  );
  if (flags.simulate || flags.report) {
    const simulation = simulate(view, result);
    io.stderr.write(simulationSummary(simulation));
    if (flags.report === 'json') io.stdout.write(`${JSON.stringify({ schemaVersion: 1, ...simulation }, null, 2)}\n`);
    else if (flags.report === 'table') io.stdout.write(renderSimulationTable(simulation));
  }
  for (const error of source.input.inputErrors) io.stderr.write(`eksguard: input error: ${error.file}${error.line ? `:${error.line}` : ''}: ${error.message}\n`);
  return source.input.inputErrors.length > 0 || audit?.failed ? EXIT.usage : EXIT.ok;
}

function writeFile(file: string, text: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  } catch (error) {
    throw new UsageError(`cannot write ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
