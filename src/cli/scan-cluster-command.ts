import type { Command } from 'commander';
import { addCollectionOptions, printCollectionAccount } from './cluster-source.js';
import { addImageScanOptions, loadClusterSourceWithImages, type ImageScanFlags } from './image-assessments-options.js';
import type { CliIo } from './io.js';
import { withOwnCluster } from './own-cluster.js';
import { addScanOptions, runScan, type ScanOptions } from './scan-command.js';
import { loadClusterSource, type ClusterSourceFlags } from './sources.js';

type ScanClusterFlags = ScanOptions & ClusterSourceFlags & ImageScanFlags;

/**
 * `eksguard scan cluster`: collect, then scan in memory. The inventory goes through the same
 * canonical snapshot form as `collect` writes, so `collect` + `scan snapshot` reports exactly
 * what `scan cluster` reports for the same cluster state.
 */
export function registerScanClusterCommand(scan: Command, io: CliIo, setExit: (code: number) => void): void {
  addScanOptions(
    addImageScanOptions(
      addCollectionOptions(
        scan
          .command('cluster')
          .description('collect an EKS cluster (AWS and Kubernetes, read-only) and scan it')
          .option('--save-snapshot <file>', 'also write what was collected, as `eksguard collect -o` would'),
      ),
    ),
  )
    .addHelpText(
      'after',
      '\nThe scan is dated at the collection time. What could not be collected (denied calls, missing\npermissions) is listed after the table and on standard error, with the checks it left not\nevaluated; those checks report "not evaluated", never "pass".\n\nWithout --name, inside an EKS pod (the Helm chart\'s scanner), the cluster is the pod\'s own:\nthe one of the region whose OIDC issuer signed the pod\'s service-account token (eks:ListClusters\nand eks:DescribeCluster). Outside a pod --name is required.\n\nExamples:\n  eksguard scan cluster --name prod --region eu-west-1\n  eksguard scan cluster --name prod --region eu-west-1 --profile audit --context prod --fail-on high\n  eksguard scan cluster --name prod --region eu-west-1 --format sarif -o eksguard.sarif --save-snapshot prod.snapshot.json.gz\n  eksguard scan cluster --name prod --region eu-west-1 --scan-images --verify-key cosign.pub\n  eksguard scan cluster --fail-on high',
    )
    .action(async (given: ScanClusterFlags) => {
      // Without --name inside an EKS pod (the Helm chart's scanner): the pod's own cluster.
      const flags = await withOwnCluster(given, io);
      const source = flags.scanImages ? await loadClusterSourceWithImages(flags, io) : await loadClusterSource(flags, io);
      setExit(await runScan(source.input, flags, io, { afterOutputs: printCollectionAccount(source.collectionErrors, io) }));
    });
}
