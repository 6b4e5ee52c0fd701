/** `eksguard fleet discover`: the clusters a fleet file selects, as a table or JSON. */
import { discoverFleet, discoveryErrorText, type Discovery, type FleetConfig } from '../fleet/index.js';
import { EXIT } from './exit-codes.js';
import { applyFlags, callerAccess, loadFleetConfig, retryNotice, type FleetFlags } from './fleet-options.js';
import type { CliIo } from './io.js';

export interface DiscoverFlags extends FleetFlags {
  format: 'table' | 'json';
}

/** Discovery with the scan settings in force; errors are printed on stderr as they are known. */
export async function discoverWith(config: FleetConfig, scan: FleetConfig['scan'], io: CliIo): Promise<Discovery> {
  const discovery = await discoverFleet(config, {
    access: callerAccess(io),
    concurrency: scan.concurrency,
    timeoutMs: scan.timeoutSeconds * 1000,
    retries: scan.retries,
    onRetry: retryNotice(io),
  });
  for (const error of discovery.errors) io.stderr.write(`eksguard: ${discoveryErrorText(error)}\n`);
  return discovery;
}

function table(discovery: Discovery): string {
  const header = ['ACCOUNT', 'REGION', 'NAME', 'VERSION', 'STATUS', 'TAGS'];
  const rows = discovery.clusters.map((cluster) => [
    cluster.accountId,
    cluster.region,
    cluster.name,
    cluster.version ?? '-',
    cluster.status ?? '-',
    Object.entries(cluster.tags)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => `${key}=${value}`)
      .join(',') || '-',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]): string => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ');
  return `${[header, ...rows].map(line).join('\n')}\n`;
}

export async function runFleetDiscover(flags: DiscoverFlags, io: CliIo): Promise<number> {
  const config = loadFleetConfig(flags.config, io);
  const discovery = await discoverWith(config, applyFlags(config, flags), io);
  if (flags.format === 'json') {
    const clusters = discovery.clusters.map(({ accountId, region, name, arn, version, status, tags }) => ({
      accountId,
      region,
      name,
      arn,
      ...(version !== undefined ? { version } : {}),
      ...(status !== undefined ? { status } : {}),
      tags,
    }));
    io.stdout.write(`${JSON.stringify({ clusters, errors: discovery.errors }, null, 2)}\n`);
  } else {
    io.stdout.write(table(discovery));
  }
  const accounts = new Set(discovery.clusters.map((cluster) => cluster.accountId)).size;
  io.stderr.write(
    `eksguard: ${discovery.clusters.length} cluster${discovery.clusters.length === 1 ? '' : 's'} in ${accounts} account${accounts === 1 ? '' : 's'}${discovery.errors.length > 0 ? `; ${discovery.errors.length} account or region${discovery.errors.length === 1 ? '' : 's'} could not be read` : ''}\n`,
  );
  return discovery.errors.length > 0 ? EXIT.partial : EXIT.ok;
}
