/**
 * What enforces Kubernetes NetworkPolicy on an EKS cluster. The VPC CNI enforces it only when
 * its network policy feature is on: the managed add-on's `enableNetworkPolicy`, or, self-managed,
 * the node agent's `--enable-network-policy=true` together with the control-plane controller
 * switched on in ConfigMap kube-system/amazon-vpc-cni. Calico and Cilium enforce it themselves.
 */
import type { K8sObject } from '../../model/index.js';
import type { InventoryView } from '../../inventory/index.js';
import { addonConfiguration, addonsMissing, findAddon, isTrue } from './addons.js';
import { kubeMissing } from './eks-data.js';

/** DaemonSet names of NetworkPolicy engines that run beside or instead of the VPC CNI. */
export const ENGINE_DAEMONSETS: Readonly<Record<string, string>> = { 'calico-node': 'Calico', cilium: 'Cilium' };

const CONTROLLER_KEY = 'enable-network-policy-controller';

export interface NetworkPolicyEngines {
  /** What enforces policies, for the record. */
  engines: string[];
  /** Why the VPC CNI is not enforcing, in words for the finding. */
  vpcCniState: string;
  /** Data that would be needed to rule an engine in or out. */
  missing: string[];
}

interface ContainerLike {
  name?: string;
  args?: unknown;
  command?: unknown;
}

function containersOf(object: K8sObject | undefined): ContainerLike[] {
  const spec = (object?.spec as { template?: { spec?: { containers?: unknown; initContainers?: unknown } } } | undefined)?.template?.spec;
  const list = (value: unknown): ContainerLike[] => (Array.isArray(value) ? (value as ContainerLike[]) : []);
  return [...list(spec?.containers), ...list(spec?.initContainers)];
}

/** Whether any container of the aws-node DaemonSet runs the node agent with enforcement on. */
export function nodeAgentEnforces(awsNode: K8sObject | undefined): boolean {
  return containersOf(awsNode).some((container) => {
    const args = [container.command, container.args].flatMap((value) => (Array.isArray(value) ? value.map(String) : []));
    return args.some((arg, index) => {
      const flag = arg.replace(/^--?/, '');
      if (flag.startsWith('enable-network-policy=')) return isTrue(flag.slice('enable-network-policy='.length));
      return flag === 'enable-network-policy' && isTrue(args[index + 1]);
    });
  });
}

function controllerEnabled(inventory: InventoryView): boolean {
  const data = inventory.get('ConfigMap', 'kube-system', 'amazon-vpc-cni')?.data as Record<string, unknown> | undefined;
  return isTrue(data?.[CONTROLLER_KEY]);
}

export function networkPolicyEngines(inventory: InventoryView, engineDaemonSets: Readonly<Record<string, string>>): NetworkPolicyEngines {
  const engines: string[] = [];
  const missing: string[] = [];
  for (const daemonSet of inventory.ofKind('DaemonSet')) {
    const product = engineDaemonSets[daemonSet.metadata?.name ?? ''];
    if (product) engines.push(`${product} (DaemonSet ${daemonSet.metadata?.namespace ?? ''}/${daemonSet.metadata?.name ?? ''})`);
  }
  const daemonSetsMissing = kubeMissing(inventory, 'daemonsets');
  if (daemonSetsMissing) missing.push(daemonSetsMissing);

  const cluster = inventory.aws?.eks?.cluster;
  const autoMode = cluster?.computeConfig?.enabled === true;
  const controller = controllerEnabled(inventory);
  const awsNode = inventory.get('DaemonSet', 'kube-system', 'aws-node');
  const addon = findAddon(inventory, 'vpc-cni');
  let vpcCniState: string;
  if (addon) {
    const value = addonConfiguration(addon)?.enableNetworkPolicy;
    if (isTrue(value)) engines.push('VPC CNI network policy (vpc-cni add-on enableNetworkPolicy)');
    vpcCniState = `the vpc-cni add-on ${addon.addonVersion ?? ''} has enableNetworkPolicy ${value === undefined ? 'unset' : JSON.stringify(value)} in its configuration values`;
  } else if (autoMode) {
    if (controller) engines.push(`EKS Auto Mode network policy (ConfigMap kube-system/amazon-vpc-cni ${CONTROLLER_KEY})`);
    vpcCniState = `EKS Auto Mode needs ${CONTROLLER_KEY}: "true" in ConfigMap kube-system/amazon-vpc-cni`;
  } else if (awsNode) {
    const agent = nodeAgentEnforces(awsNode);
    if (agent && controller) engines.push('VPC CNI network policy (self-managed: node agent and controller enabled)');
    vpcCniState = agent
      ? `the aws-node node agent enforces policies, but the network policy controller is off (${CONTROLLER_KEY} in ConfigMap kube-system/amazon-vpc-cni)`
      : 'the self-managed aws-node DaemonSet runs its node agent without --enable-network-policy=true';
  } else {
    vpcCniState = 'no VPC CNI with network policy is installed';
  }
  if (!addon && !autoMode) {
    const addonsAbsent = addonsMissing(inventory);
    if (addonsAbsent) missing.push(addonsAbsent);
  }
  return { engines, vpcCniState, missing };
}
