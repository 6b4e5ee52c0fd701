import type { Command } from 'commander';
import { serializeSnapshot } from '../inventory/snapshot.js';
import { addCollectionOptions, collectionSummary, saveSnapshot, type CollectionFlags } from './cluster-source.js';
import { EXIT, UsageError } from './exit-codes.js';
import { addImageScanOptions, collectSnapshotWithImages, type ImageScanFlags } from './image-assessments-options.js';
import type { CliIo } from './io.js';
import { withOwnCluster } from './own-cluster.js';

interface CollectFlags extends CollectionFlags, ImageScanFlags {
  output?: string;
}

/** `eksguard collect`: read-only collection of one cluster into a snapshot file. */
export function registerCollectCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addImageScanOptions(
    addCollectionOptions(
      program
        .command('collect')
        .description('collect an EKS cluster (AWS and Kubernetes, read-only) into a snapshot to scan later, offline')
        .option('-o, --output <file>', 'snapshot file to write (.json.gz is gzip-compressed; - writes JSON to standard output) (required)'),
    ),
  )
    .addHelpText(
      'after',
      '\nOnly reads: get/list on the Kubernetes API (Secrets as metadata only) and Describe/Get/List\ncalls on AWS (deploy/iam/eksguard-reader-policy.json, deploy/kubernetes/eksguard-reader.yaml).\nA call that fails is recorded in the snapshot, and the scan reports the checks it leaves\nnot evaluated. A summary goes to standard error.\n\nExamples:\n  eksguard collect --name prod --region eu-west-1 -o prod.snapshot.json.gz\n  eksguard collect --name prod --region eu-west-1 --profile audit --context prod-admin --kubelet-config -o prod.snapshot.json.gz\n  eksguard collect --name prod --region eu-west-1 --scan-images --verify-key cosign.pub -o prod.snapshot.json.gz\n  eksguard scan snapshot prod.snapshot.json.gz',
    )
    .action(async (flags: CollectFlags) => {
      if (!flags.output) throw new UsageError('-o, --output <file> is required (the snapshot to write)');
      const { collection, snapshot } = await collectSnapshotWithImages(await withOwnCluster(flags, io), io);
      if (flags.output === '-') {
        io.stdout.write(serializeSnapshot(snapshot));
      } else {
        const bytes = saveSnapshot(flags.output, snapshot);
        io.stderr.write(`eksguard: wrote ${flags.output} (${formatBytes(bytes)})\n`);
      }
      io.stderr.write(collectionSummary(collection));
      setExit(EXIT.ok);
    });
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
