import type { Command } from 'commander';
import { Option } from 'commander';
import pc from 'picocolors';
import { InventoryView } from '../inventory/index.js';
import { whoCan, type WhoCanOptions, type WhoCanResult } from '../graph/who-can.js';
import { printable } from '../report/terminal-text.js';
import { EXIT, UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';
import { registerSourceCommands, reportCollectionGaps, type LoadedSource, type SourceKind } from './sources.js';
import { VERSION } from './version.js';
import { wantsColor } from './write-outputs.js';

interface WhoCanFlags {
  format: 'table' | 'json';
  namespace?: string;
  apiGroup?: string;
  subresource?: string;
  resourceName?: string;
  includeInherited: boolean;
  ignoreInputErrors: boolean;
  color: boolean;
}

function addWhoCanOptions(command: Command): Command {
  return command
    .addOption(new Option('-f, --format <format>', 'table or json').choices(['table', 'json']).default('table'))
    .option('-n, --namespace <namespace>', 'the namespace of the request (without it: allowed in every namespace, or cluster-scoped)')
    .option('--api-group <group>', 'API group of the resource (default: from RESOURCE.GROUP, else the core group)')
    .option('--subresource <name>', 'a subresource (also as RESOURCE/SUBRESOURCE: pods/exec)')
    .option('--resource-name <name>', 'one object by name (rules limited to resourceNames)')
    .option('--include-inherited', 'also list each service account or user allowed only through a built-in group it is in (system:serviceaccounts, system:authenticated)', false)
    .option('--ignore-input-errors', 'do not exit 2 because some input could not be read', false)
    .option('--no-color', 'never colour the table output');
}

const ABOUT =
  '\nThe answer comes from the same effective-permission evaluation as the RBAC checks (aggregated\n' +
  'ClusterRoles, RoleBinding scopes, built-in groups), plus system:masters, the AWS principals that\n' +
  'sign in as each user or group (access entries, aws-auth) and EKS access policies.\n';

const HELP: Record<SourceKind, string> = {
  manifests: `${ABOUT}\nExamples:\n  eksguard who-can manifests get secrets examples/shop -n shop-data\n  eksguard who-can manifests create pods/exec examples/shop -n shop-frontend --format json\n  cat examples/shop/50-ci-rbac.yaml | eksguard who-can manifests escalate clusterroles -`,
  snapshot: `${ABOUT}\nExamples:\n  eksguard who-can snapshot get secrets examples/prod.snapshot.json.gz -n kube-system\n  eksguard who-can snapshot impersonate users examples/prod.snapshot.json.gz\n  eksguard who-can snapshot patch deployments.apps examples/prod.snapshot.json.gz -n shop --include-inherited`,
  cluster: `${ABOUT}\nExamples:\n  eksguard who-can cluster get secrets --name prod --region eu-west-1 -n kube-system\n  eksguard who-can cluster create pods --name prod --region eu-west-1 --format json`,
};

/** `eksguard who-can manifests|snapshot|cluster <verb> <resource>`: subjects allowed one request. */
export function registerWhoCanCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const command = program
    .command('who-can')
    .description('list who may do one thing (verb and resource): subjects, the bindings that allow it, the AWS principals mapped to them')
    .addHelpText('after', '\nExamples:\n  eksguard who-can manifests get secrets examples/shop -n shop-data\n  eksguard who-can snapshot create pods examples/prod.snapshot.json.gz -n default\n  eksguard who-can cluster escalate clusterroles --name prod --region eu-west-1');
  registerSourceCommands<WhoCanFlags>(
    command,
    {
      descriptions: {
        manifests: 'who may do it according to Kubernetes manifests: files, directories (recursive), or - for standard input',
        snapshot: 'who may do it in a snapshot written by `eksguard collect`, offline',
        cluster: 'collect an EKS cluster (read-only) and list who may do it',
      },
      arguments: [
        ['<verb>', 'the verb: get, list, watch, create, update, patch, delete, deletecollection, escalate, bind, impersonate, … or *'],
        ['<resource>', 'the resource: secrets, pods/exec, deployments.apps, clusterroles, … or a non-resource URL such as /metrics'],
      ],
      addOptions: addWhoCanOptions,
      help: HELP,
      run: (source, flags, [verb, resource]) => runWhoCan(source, flags, verb ?? '', resource ?? '', io),
    },
    io,
    setExit,
  );
}

/**
 * `pods/exec` → resource and subresource; `deployments.apps` → resource and API group, as
 * kubectl auth can-i reads them. Non-resource URLs (`/metrics`) stay whole.
 */
export function parseRequest(resource: string, flags: Pick<WhoCanFlags, 'apiGroup' | 'subresource'>): { resource: string; apiGroup?: string; subresource?: string } {
  if (resource.trim() === '') throw new UsageError('<resource> is empty');
  if (resource.startsWith('/')) return { resource };
  let name = resource;
  let subresource = flags.subresource;
  const slash = name.indexOf('/');
  if (slash >= 0) {
    if (subresource !== undefined) throw new UsageError(`${resource} names a subresource and --subresource names another`);
    subresource = name.slice(slash + 1);
    name = name.slice(0, slash);
    if (!name || !subresource || subresource.includes('/')) throw new UsageError(`${resource}: write RESOURCE or RESOURCE/SUBRESOURCE`);
  }
  let apiGroup = flags.apiGroup;
  const dot = name.indexOf('.');
  if (dot > 0 && apiGroup === undefined) {
    apiGroup = name.slice(dot + 1);
    name = name.slice(0, dot);
  }
  return { resource: name, ...(apiGroup !== undefined && { apiGroup }), ...(subresource !== undefined && { subresource }) };
}

export function runWhoCan(source: LoadedSource, flags: WhoCanFlags, verb: string, resourceArg: string, io: CliIo): number {
  if (verb.trim() === '') throw new UsageError('<verb> is empty');
  const request = parseRequest(resourceArg, flags);
  const options: WhoCanOptions = { includeInherited: flags.includeInherited };
  if (flags.namespace !== undefined) options.namespace = flags.namespace;
  if (request.apiGroup !== undefined) options.apiGroup = request.apiGroup;
  if (request.subresource !== undefined) options.subresource = request.subresource;
  if (flags.resourceName !== undefined) options.resourceName = flags.resourceName;
  const { input } = source;
  const result = whoCan(new InventoryView(input.inventory, input.locator), verb, request.resource, options);
  io.stdout.write(flags.format === 'json' ? whoCanJson(result) : whoCanTable(result, wantsColor(io.stdout, flags.color, io.env)));
  reportCollectionGaps(source, io);
  for (const error of input.inputErrors) {
    io.stderr.write(`eksguard: input error: ${error.file}${error.line ? `:${error.line}` : ''}: ${error.message}\n`);
  }
  return input.inputErrors.length > 0 && !flags.ignoreInputErrors ? EXIT.usage : EXIT.ok;
}

/** `{ schemaVersion, tool, request, description, subjects, accessPolicies, accessPoliciesNotEvaluated, unresolved }`. */
export function whoCanJson(result: WhoCanResult): string {
  return `${JSON.stringify({ schemaVersion: 1, tool: { name: 'eksguard', version: VERSION }, ...result }, null, 2)}\n`;
}

/** Subjects, each with the grants that allow the request and the AWS principals mapped to it. */
export function whoCanTable(result: WhoCanResult, color: boolean): string {
  const c = pc.createColors(color);
  const lines = [c.bold(`Who can ${printable(result.description)}:`), ''];
  const nobody = result.subjects.length === 0 && result.accessPolicies.length === 0;
  if (nobody && result.accessPoliciesNotEvaluated.length === 0) lines.push(c.green('Nobody, as far as the input shows.'), '');
  for (const subject of result.subjects) {
    const members = subject.members ? c.gray(` (${printable(subject.members)})`) : '';
    lines.push(`${c.bold(printable(subject.label))}${members}`);
    if (subject.superuser) lines.push(`  ${c.red('superuser')}: system:masters is allowed everything before RBAC is consulted`);
    for (const grant of subject.grants) {
      const via = grant.via ? c.gray(` (as member of ${printable(grant.via.kind)} "${printable(grant.via.name)}")`) : '';
      lines.push(`  ${printable(grant.text)}${via}`);
    }
    for (const mapping of subject.awsPrincipals) {
      const where = `${mapping.resource.kind} ${mapping.resource.namespace ? `${mapping.resource.namespace}/` : ''}${mapping.resource.name} ${mapping.path}`;
      lines.push(`  ${c.cyan('AWS')} ${printable(mapping.principalArn)} signs in as ${printable(mapping.username)} (${mapping.source === 'aws-auth' ? 'aws-auth' : 'access entry'}: ${printable(where)})`);
    }
    lines.push('');
  }
  if (result.accessPolicies.length > 0) {
    lines.push(c.bold('EKS access policies (outside RBAC):'));
    for (const allowance of result.accessPolicies) {
      const approximate = allowance.approximate ? c.gray(' (approximate)') : '';
      lines.push(`  ${printable(allowance.principalArn)}  ${printable(allowance.policy)}${approximate}: ${printable(allowance.detail)}`);
    }
    lines.push('');
  }
  if (result.accessPoliciesNotEvaluated.length > 0) {
    lines.push(c.bold(c.yellow('Not evaluated (EKS access policies eksguard does not model):')));
    for (const entry of result.accessPoliciesNotEvaluated) lines.push(`  ${printable(entry.principalArn)}  ${printable(entry.policy)}: ${printable(entry.detail)}`);
    lines.push('');
  }
  if (result.unresolved.length > 0) {
    lines.push(c.bold(c.yellow('Not known (bound to roles the input does not hold):')));
    for (const entry of result.unresolved) lines.push(`  ${printable(entry.label)}: ${entry.reasons.map(printable).join('; ')}`);
    lines.push('');
  }
  const subjects = `${result.subjects.length} ${result.subjects.length === 1 ? 'subject' : 'subjects'}`;
  const policies = result.accessPolicies.length > 0 ? `, ${result.accessPolicies.length} access ${result.accessPolicies.length === 1 ? 'policy' : 'policies'}` : '';
  const notEvaluated = result.accessPoliciesNotEvaluated.length > 0 ? `, ${result.accessPoliciesNotEvaluated.length} not evaluated` : '';
  lines.push(`${subjects}${policies}${notEvaluated}${result.unresolved.length > 0 ? `, ${result.unresolved.length} not known` : ''}`);
  return `${lines.join('\n')}\n`;
}
