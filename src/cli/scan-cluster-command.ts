import type { Command } from 'commander';
import { inventoryFromSnapshot } from '../inventory/snapshot.js';
import { addCollectionOptions, collectToSnapshot, printCollectionAccount, saveSnapshot, type CollectionFlags } from './cluster-source.js';
import type { CliIo } from './io.js';
import { addScanOptions, runScan, type ScanOptions } from './scan-command.js';

type ScanClusterFlags = ScanOptions & CollectionFlags;

/**
 * `eksguard scan cluster`: collect, then scan in memory. The inventory goes through the same
 * canonical snapshot form as `collect` writes, so `collect` + `scan snapshot` reports exactly
 * what `scan cluster` reports for the same cluster state.
 */
export function registerScanClusterCommand(scan: Command, io: CliIo, setExit: (code: number) => void): void {
  addScanOptions(
    addCollectionOptions(
      scan
        .command('cluster')
        .description('collect an EKS cluster (AWS and Kubernetes, read-only) and scan it')
        .option('--save-snapshot <file>', 'also write what was collected, as `eksguard collect -o` would'),
    ),
  )
    .addHelpText(
      'after',
      '\nThe scan is dated at the collection time. What could not be collected (denied calls, missing\npermissions) is listed after the table and on standard error, with the checks it left not\nevaluated; those checks report "not evaluated", never "pass".\n\nExamples:\n  eksguard scan cluster --name prod --region eu-west-1\n  eksguard scan cluster --name prod --region eu-west-1 --profile audit --context prod --fail-on high\n  eksguard scan cluster --name prod --region eu-west-1 --format sarif -o eksguard.sarif --save-snapshot prod.snapshot.json.gz',
    )
    .action(async (flags: ScanClusterFlags) => {
      const { options, snapshot } = await collectToSnapshot(flags, io);
      if (flags.saveSnapshot) saveSnapshot(flags.saveSnapshot, snapshot);
      const { inventory, inputErrors } = inventoryFromSnapshot(snapshot, `cluster ${options.name}`);
      setExit(runScan({ inventory, inputErrors }, flags, io, { afterOutputs: printCollectionAccount(inventory.errors, io) }));
    });
}
