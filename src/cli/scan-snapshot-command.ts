import type { Command } from 'commander';
import { printCollectionAccount } from './cluster-source.js';
import type { CliIo } from './io.js';
import { addScanOptions, runScan, type ScanOptions } from './scan-command.js';
import { loadSnapshotSource } from './sources.js';

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
    const source = await loadSnapshotSource(file, io);
    setExit(await runScan(source.input, options, io, { afterOutputs: printCollectionAccount(source.collectionErrors, io) }));
  });
}
