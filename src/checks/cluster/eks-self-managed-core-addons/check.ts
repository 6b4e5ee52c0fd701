import type { K8sObject, Target } from '../../../model/index.js';
import { refOf, type InventoryView } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { clusterTarget } from '../../targets.js';
import { addonsMissing, findAddon } from '../addons.js';
import { clusterResourceName, kubeMissing, type EksAddon } from '../eks-data.js';

interface CoreComponent {
  addon: string;
  kind: 'DaemonSet' | 'Deployment';
  name: string;
  /** The collector's resource name for the list call. */
  resource: string;
}

/** The networking and DNS components every EKS cluster with EC2 nodes runs. */
const CORE: readonly CoreComponent[] = [
  { addon: 'vpc-cni', kind: 'DaemonSet', name: 'aws-node', resource: 'daemonsets' },
  { addon: 'coredns', kind: 'Deployment', name: 'coredns', resource: 'deployments' },
  { addon: 'kube-proxy', kind: 'DaemonSet', name: 'kube-proxy', resource: 'daemonsets' },
];

type CoreTarget = Target & { component?: CoreComponent; managed?: EksAddon; missing?: string | undefined };

function coreTargets(inventory: InventoryView): CoreTarget[] {
  const targets: CoreTarget[] = [];
  for (const component of CORE) {
    const object = inventory.get(component.kind, 'kube-system', component.name);
    const managed = findAddon(inventory, component.addon);
    const base = { component, ...(managed ? { managed } : {}) };
    if (object) {
      targets.push({ ...base, resource: refOf(object), object });
    } else if (managed) {
      targets.push({ ...base, resource: { kind: 'EKSAddon', name: managed.addonArn ?? component.addon } });
    } else {
      // Absent and not managed: not installed (EKS Auto Mode, replaced by Cilium...), unless the list failed.
      const missing = kubeMissing(inventory, component.resource);
      if (missing) targets.push({ component, missing, resource: { kind: component.kind, namespace: 'kube-system', name: component.name } });
    }
  }
  if (targets.length > 0) return targets;
  // None of them installed (EKS Auto Mode): the cluster passes, once the add-on list is known.
  const cluster = inventory.aws?.eks?.cluster;
  const resource = cluster ? { kind: 'EKSCluster', name: clusterResourceName(cluster, inventory) } : clusterTarget(inventory).resource;
  return [{ resource, missing: addonsMissing(inventory) }];
}

/** `…/amazon-k8s-cni:v1.19.2-eksbuild.1` → `v1.19.2-eksbuild.1`, for the message. */
function runningVersion(object: K8sObject | undefined): string {
  const spec = (object?.spec as { template?: { spec?: { containers?: Array<{ image?: string }> } } } | undefined)?.template?.spec;
  const image = spec?.containers?.[0]?.image ?? '';
  const tag = /:([^:/@]+)(?:@|$)/.exec(image)?.[1];
  return tag ? ` (${tag})` : '';
}

export const check = defineCheck<CoreTarget, 'selfManaged'>({
  id: 'eks-self-managed-core-addons',
  title: 'vpc-cni/coredns/kube-proxy not managed add-ons (manual patching)',
  severity: 'low',
  area: 'cluster',
  needs: ['aws'],
  description:
    'EKS installs vpc-cni, CoreDNS and kube-proxy as plain self-managed manifests unless you adopt them as EKS add-ons. Self-managed, they are never offered updates by EKS, drift from the versions tested with the cluster, and their CVE fixes depend on someone remembering to re-apply manifests.',
  remediation:
    'Adopt each component as an EKS add-on: `aws eks create-addon --cluster-name <cluster> --addon-name <vpc-cni|coredns|kube-proxy> --resolve-conflicts OVERWRITE` (carry custom settings over as `--configuration-values` first; OVERWRITE replaces fields EKS manages).',
  messages: {
    selfManaged: '{{kind}} kube-system/{{name}}{{version}} is the self-managed {{addon}}: no EKS add-on manages or updates it',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/userguide/eks-add-ons.html'],
  targets: coreTargets,
  evaluate(target, context) {
    const { component, managed, missing } = target;
    if (missing) {
      context.notEvaluated(missing);
      return;
    }
    if (managed || !component) return;
    const addonsAbsent = addonsMissing(context.inventory);
    if (addonsAbsent) {
      context.notEvaluated(addonsAbsent);
      return;
    }
    context.fail('selfManaged', {
      kind: component.kind,
      name: component.name,
      version: runningVersion(target.object),
      addon: component.addon,
    });
  },
});
