import { Option, type Command } from 'commander';
import { FLEET_DEFAULTS, LIMITS } from '../fleet/index.js';
import { runFleetDiscover, type DiscoverFlags } from './fleet-discover.js';
import { runFleetScan, type FleetScanFlags } from './fleet-scan.js';
import type { CliIo } from './io.js';

const AUTH =
  '\nCredentials: the caller\'s (environment, profile, SSO, web identity or instance role, as for\n`collect`); in each account with a roleArn, that role is assumed (sts:AssumeRole, session name\neksguard-fleet unless the file names one, with the ExternalId it gives). AWS_ENDPOINT_URL and\nAWS_ENDPOINT_URL_<SERVICE> are honoured.\n';

function addFleetOptions(command: Command): Command {
  return command
    .option('--config <file>', 'the fleet file: accounts, regions, cluster filters, scan defaults (required)')
    .option('--concurrency <n>', `accounts, regions or clusters worked on at once, 1 to ${LIMITS.concurrency} (default: the file's scan.concurrency, else ${FLEET_DEFAULTS.concurrency})`)
    .option('--timeout <seconds>', `deadline of each attempt, per cluster (and per account and region while discovering) (default: scan.timeoutSeconds, else ${FLEET_DEFAULTS.timeoutSeconds})`)
    .option('--retries <n>', `attempts after the first for timeouts, throttling and network faults, never for denials (default: scan.retries, else ${FLEET_DEFAULTS.retries})`);
}

/** `eksguard fleet discover|scan`: many accounts, regions and clusters from one fleet file. */
export function registerFleetCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const fleet = program
    .command('fleet')
    .description('discover and scan the EKS clusters of many accounts and regions (fleet.yaml)')
    .addHelpText('after', '\nExamples:\n  eksguard fleet discover --config fleet.yaml\n  eksguard fleet scan --config fleet.yaml --db postgres://eksguard@db/eksguard --concurrency 8\n  eksguard fleet scan --config fleet.yaml --shard 3/16');

  addFleetOptions(fleet.command('discover').description('list the clusters the fleet file selects (EKS ListClusters and DescribeCluster per account and region)'))
    .addOption(new Option('-f, --format <format>', 'table or json (on standard output)').choices(['table', 'json']).default('table'))
    .addHelpText(
      'after',
      `${AUTH}\nAn account whose role cannot be assumed, or a region that cannot be listed, is reported on\nstandard error (and in the JSON's errors) and the rest goes on; the exit code is then 4.\n\nExamples:\n  eksguard fleet discover --config fleet.yaml\n  eksguard fleet discover --config fleet.yaml --format json | jq -r '.clusters[].arn'`,
    )
    .action(async (flags: DiscoverFlags) => {
      setExit(await runFleetDiscover(flags, io));
    });

  addFleetOptions(fleet.command('scan').description('collect, scan and record every cluster the fleet file selects (or one shard of them)'))
    .option('--policy <file>', 'the .eksguard.yaml to scan by: checks, exceptions, failOn, custom checks (as `scan --config`; default: .eksguard.yaml in the current directory, if present)')
    .option('--db <location>', 'record each scan in this history: a SQLite file or a postgres:// URL (default: $EKSGUARD_DB, else ~/.eksguard/eksguard.db)')
    .option('--no-store', 'do not record the scans (use with --output-dir)')
    .option('--shard <i/n>', 'scan only shard i of n (0-based, as JOB_COMPLETION_INDEX): a cluster\'s shard is a hash of its ARN, so shards never overlap and never move')
    .option('--fail-on <severity>', 'exit 1 when a scanned cluster has unwaived findings at or above this severity: critical, high, medium, low, info or none (default: scan.failOn, else the policy\'s failOn, else high)')
    .option('--output-dir <dir>', 'also write each cluster\'s JSON report there, as <account>_<region>_<name>.json')
    .addOption(new Option('-f, --format <format>', 'text (progress and summary on standard error) or json (the summary also as JSON on standard output)').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      `${AUTH}\nThe checks, exceptions and failOn come from --policy, else .eksguard.yaml in the working\ndirectory, as \`scan --config\` reads them; scan.checks in the fleet file narrows them.\n\nExit codes: 0 every cluster scanned, none with findings at or above --fail-on; 1 findings at\nor above it; 2 usage or input error (a bad fleet file); 3 internal error; 4 some account,\nregion or cluster could not be discovered or scanned (takes precedence over 1).\n\nExamples:\n  eksguard fleet scan --config fleet.yaml\n  eksguard fleet scan --config fleet.yaml --db postgres://eksguard@db/eksguard --concurrency 8 --timeout 300\n  eksguard fleet scan --config fleet.yaml --shard $JOB_COMPLETION_INDEX/16 --db "$EKSGUARD_DB"\n  eksguard fleet scan --config fleet.yaml --policy policy/.eksguard.yaml --fail-on critical\n  eksguard fleet scan --config fleet.yaml --no-store --output-dir reports --format json`,
    )
    .action(async (flags: FleetScanFlags) => {
      setExit(await runFleetScan(flags, io));
    });
}
