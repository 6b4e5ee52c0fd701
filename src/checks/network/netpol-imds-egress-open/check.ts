import type { Workload } from '../../../inventory/index.js';
import { unsupportedNote } from '../unsupported-note.js';
import { defineCheck } from '../../define-check.js';
import { egressVerdict } from '../../../analysis/network/egress-reachability.js';
import { excludedNamespaces, policyCollectionGap } from '../network-scope.js';
import { fargateProfileFor, nodeImdsData, settingsFor, type NodeImdsSetting } from '../../../analysis/network/node-imds.js';
import { isHostNetwork, policyCoverage } from '../../../analysis/network/policy-coverage.js';

const IMDS = { address: '169.254.169.254', port: 80, protocol: 'TCP' } as const;

function describeNodes(settings: readonly NodeImdsSetting[]): string {
  return settings.map((setting) => `${setting.source}: ${setting.explanation}`).join('; ');
}

export const check = defineCheck<Workload, 'noPolicy' | 'allowed'>({
  id: 'netpol-imds-egress-open',
  title: 'Pods can reach the instance metadata service',
  severity: 'high',
  area: 'network',
  description:
    'A pod that reaches the EC2 instance metadata service (169.254.169.254) can read the node IAM role\'s credentials and act as the node. Two things must both hold: egress to 169.254.169.254:80/TCP is allowed (no egress policy selects the pod, or one allows it: no `to`, an `ipBlock` covering it without `except`, Cilium `world`/CIDR rules, Calico `Allow` before any `Deny`), and the node lets pod traffic reach IMDS (IMDSv1 allowed, or IMDSv2 with `HttpPutResponseHopLimit` ≥ 2, read from the node group launch template or the instance in the AWS data). Without AWS data, pods whose egress reaches IMDS are reported not evaluated, naming the missing data; pods whose egress excludes IMDS pass. Pods matched by a Fargate profile (no IMDS) and host-network pods (not subject to network policy; see the host-network check) are left out.',
  remediation:
    'Require IMDSv2 with `HttpPutResponseHopLimit: 1` in the node launch template (use IRSA or Pod Identity for pod credentials), and/or deny egress to 169.254.169.254/32 (`ipBlock.except`, Cilium `egressDeny`, a Calico `Deny` rule).',
  messages: {
    noPolicy:
      'Pods can reach the instance metadata service (169.254.169.254) and obtain the node role credentials: no egress policy selects them, and on the nodes {{nodes}}',
    allowed:
      'Pods can reach the instance metadata service (169.254.169.254) and obtain the node role credentials: {{policy}} allows egress to it, and on the nodes {{nodes}}',
  },
  links: [
    'https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html#restrict-access-to-the-instance-profile-assigned-to-the-worker-node',
    'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-existing-instances.html',
  ],
  options: { excludeNamespaces: [] },
  requires: (inventory) => policyCollectionGap(inventory),
  targets: (inventory, options) => {
    const excluded = excludedNamespaces(options);
    return inventory.workloads().filter((workload) => !isHostNetwork(workload) && !excluded.includes(workload.namespace));
  },
  evaluate(workload, context) {
    const nodes = nodeImdsData(context.inventory);
    if (!nodes.missing && fargateProfileFor(nodes, workload)) return;
    const coverage = policyCoverage(context.inventory);
    const verdict = egressVerdict(context.inventory, coverage, workload, IMDS);
    if (!verdict.reachable) {
      // Policies add up: one eksguard cannot read may allow what the others deny.
      const unsupported = coverage.unsupportedFor(workload.namespace);
      if (unsupported.length > 0) context.notEvaluated(`egress to 169.254.169.254 may be allowed by policies eksguard cannot evaluate: ${unsupportedNote(unsupported)}`);
      return;
    }
    const why =
      verdict.because === 'allowed' ? `${verdict.policy.label} allows it` : 'no egress policy selects the pods';
    if (nodes.missing) {
      context.notEvaluated(
        `Egress to 169.254.169.254 is open (${why}); whether pods can use IMDS depends on the nodes' metadata options, and ${nodes.missing}`,
      );
      return;
    }
    const settings = settingsFor(nodes, workload);
    const reachable = settings.filter((setting) => setting.reachable === true);
    if (reachable.length === 0) {
      const unknown = settings.filter((setting) => setting.reachable === undefined);
      if (settings.length === 0) {
        context.notEvaluated(`Egress to 169.254.169.254 is open (${why}), and the AWS data lists no node group or instance`);
      } else if (unknown.length > 0) {
        context.notEvaluated(
          `Egress to 169.254.169.254 is open (${why}); node metadata options do not decide it: ${describeNodes(unknown)}`,
        );
      }
      return;
    }
    if (verdict.because === 'allowed') {
      context.fail(
        'allowed',
        { policy: verdict.policy.label, nodes: describeNodes(reachable) },
        { object: verdict.policy.object, path: verdict.path },
      );
      return;
    }
    const hasLabels = workload.podMetadata.labels !== undefined;
    context.fail(
      'noPolicy',
      { nodes: describeNodes(reachable) },
      { path: hasLabels ? [...workload.podMetadataPath, 'labels'] : workload.podMetadataPath },
    );
  },
});
