import type { Command } from 'commander';
import { readSnapshot, parseSnapshot, SnapshotError, type LoadedSnapshot } from '../inventory/snapshot.js';
import { printCollectionAccount } from './cluster-source.js';
import { UsageError } from './exit-codes.js';
import type { CliIo } from './io.js';
import { addScanOptions, runScan, type ScanOptions } from './scan-command.js';

async function readStdin(io: CliIo): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

export async function loadSnapshotArgument(file: string, io: CliIo): Promise<LoadedSnapshot> {
  try {
    return file === '-' ? parseSnapshot(await readStdin(io), '<stdin>') : readSnapshot(file);
  } catch (error) {
    if (error instanceof SnapshotError) throw new UsageError(error.message);
    throw error;
  }
}

/** `eksguard scan snapshot FILE`: the scan of a collected cluster, offline and reproducible. */
export function registerScanSnapshotCommand(scan: Command, io: CliIo, setExit: (code: number) => void): void {
  addScanOptions(
    scan
      .command('snapshot')
      .description('scan a snapshot written by `eksguard collect`, offline; the same snapshot always gives the same report')
      .argument('<file>', 'snapshot file (.json or .json.gz); - reads standard input')
      .addHelpText(
        'after',
        '\nThe scan is dated at the snapshot\'s collection time, so time-based checks and scannedAt do not\ndepend on when the snapshot is scanned. What could not be collected is listed after the table\nand on standard error, with the checks it left not evaluated.\n\nExamples:\n  eksguard scan snapshot prod.snapshot.json.gz\n  eksguard scan snapshot prod.snapshot.json.gz --format sarif -o out.sarif --fail-on high\n  eksguard scan snapshot prod.snapshot.json.gz --checks "eks-*,ng-*" -o json=report.json',
      ),
  ).action(async (file: string, options: ScanOptions) => {
    const { inventory, inputErrors } = await loadSnapshotArgument(file, io);
    setExit(runScan({ inventory, inputErrors }, options, io, { afterOutputs: printCollectionAccount(inventory.errors, io) }));
  });
}
