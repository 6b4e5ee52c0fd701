import type { AwsSnapshotData, Target } from '../../../model/index.js';
import type { InventoryView } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { stringListOption } from '../../targets.js';
import { fargateOnly } from '../../cluster/compute.js';
import { missingReason, regionOf } from '../../cluster/eks-data.js';

type AccountState = NonNullable<NonNullable<AwsSnapshotData['inspector2']>['accounts']>[number];
type InspectorTarget = Target & { account: AccountState };

type ScanType = 'ec2' | 'ecr';

const SCAN_TYPES: Record<ScanType, { label: string; resourceType: string }> = {
  ec2: { label: 'EC2 scanning (node OS and package vulnerabilities)', resourceType: 'EC2' },
  ecr: { label: 'ECR scanning (container image vulnerabilities)', resourceType: 'ECR' },
};

/** Statuses in which Inspector scans or is about to. */
const ON = new Set(['ENABLED', 'ENABLING']);

function inspectorMissing(inventory: InventoryView): string | undefined {
  if (inventory.aws?.inspector2?.accounts) return undefined;
  return missingReason(inventory, [{ service: 'inspector2', operation: 'BatchGetAccountStatus' }]);
}

function inspectorTargets(inventory: InventoryView): InspectorTarget[] {
  return (inventory.aws?.inspector2?.accounts ?? []).map((account) => ({ resource: { kind: 'AWSAccount', name: account.accountId ?? 'account' }, account }));
}

export const check = defineCheck<InspectorTarget, 'scanningOff'>({
  id: 'mon-inspector-off',
  title: 'Amazon Inspector (EC2/ECR) not enabled',
  severity: 'low',
  area: 'logging',
  needs: ['aws'],
  description:
    'Amazon Inspector continuously scans EC2 instances (the worker nodes) and ECR images for known vulnerabilities and re-evaluates them when new CVEs are published. Without it nobody is told when a node AMI or a running image becomes vulnerable.',
  remediation:
    'Enable Inspector scanning for the account in the cluster\'s region: `aws inspector2 enable --resource-types EC2 ECR` (in an organization, from the Inspector delegated administrator). The `resourceTypes` option limits the check to the scan types you rely on.',
  messages: {
    scanningOff: 'Amazon Inspector {{label}} is {{status}} in account {{account}} ({{region}}){{error}}',
  },
  links: ['https://docs.aws.amazon.com/inspector/latest/user/getting_started_tutorial.html'],
  options: { resourceTypes: ['ec2', 'ecr'] },
  requires: inspectorMissing,
  targets: inspectorTargets,
  evaluate({ account }, context) {
    const configured = stringListOption(context.options, 'resourceTypes').map((type) => type.toLowerCase());
    const wanted = (configured.length > 0 ? configured : ['ec2', 'ecr']).filter((type): type is ScanType => type === 'ec2' || type === 'ecr');
    const unknown: string[] = [];
    for (const type of wanted) {
      // A Fargate-only cluster has no EC2 instances for Inspector to scan.
      if (type === 'ec2' && fargateOnly(context.inventory)) continue;
      const spec = SCAN_TYPES[type];
      const state = type === 'ec2' ? account.resourceState?.ec2 : account.resourceState?.ecr;
      if (!state?.status) {
        unknown.push(type);
        continue;
      }
      if (ON.has(state.status)) continue;
      const error = state.errorCode ? ` (${state.errorCode}${state.errorMessage ? `: ${state.errorMessage}` : ''})` : '';
      context.fail('scanningOff', {
        label: spec.label,
        status: state.status,
        account: account.accountId ?? 'unknown',
        region: regionOf(context.inventory) ?? 'this region',
        error,
      }, {
        path: ['resourceState', type, 'status'],
        fix: { kind: 'suggestion', description: `aws inspector2 enable --resource-types ${spec.resourceType}`, operations: [] },
      });
    }
    if (unknown.length > 0) context.notEvaluated(`BatchGetAccountStatus gave no resourceState for ${unknown.join(', ')}`);
  },
});
