/**
 * The addresses pods and nodes use, as NetworkPolicy `ipBlock`s see them.
 *
 * On EKS the VPC CNI gives pods addresses of the VPC's subnets (custom networking: subnets of
 * a secondary VPC range, named by ENIConfigs), and nodes have addresses of the same VPC. The
 * VPC CNI's policy agent and Calico match ipBlocks against those addresses like any other, so an
 * `ipBlock` can admit pods and host-network pods (the Kubernetes conformance tests rely on it).
 * A pod's exact address is not in the inventory (it is assigned when the pod starts), so an
 * ipBlock counts as matching the pods when, minus its `except` list, it overlaps the ranges the
 * addresses come from: the conservative reading for attack paths, which would rather show a
 * path that may exist than hide it.
 *
 * Cilium is the exception: it enforces policy by endpoint identity and leaves cluster endpoints
 * and nodes out of CIDR matching, so under Cilium an ipBlock selects no pod.
 */
import type { InventoryView } from '../../inventory/index.js';
import { parseCidr } from '../../analysis/network/cidr.js';
import { parseImage } from '../../analysis/network/image-ref.js';
import { policyCoverage } from '../../analysis/network/policy-coverage.js';
import { intervalOf, subtract, type Interval } from './public-address.js';

export const PRIVATE_RANGES: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'];

export interface AddressRanges {
  ranges: readonly string[];
  /** The ranges in words, for evidence. */
  label: string;
}

/**
 * The cluster VPC's subnet ranges, or every private range when they are not known. With custom
 * networking (ENIConfig objects) pods live in subnets the AWS data may not list, so the private
 * ranges are added.
 */
export function vpcRanges(inventory: InventoryView): AddressRanges {
  return inventory.cached('graph:vpc-ranges', () => {
    const vpcId = inventory.aws?.eks?.cluster?.resourcesVpcConfig?.vpcId;
    const ranges = new Set<string>();
    for (const subnet of inventory.aws?.ec2?.subnets ?? []) {
      if (!vpcId || subnet.VpcId !== vpcId) continue;
      if (subnet.CidrBlock) ranges.add(subnet.CidrBlock);
      for (const association of subnet.Ipv6CidrBlockAssociationSet ?? []) {
        if (association.Ipv6CidrBlock) ranges.add(association.Ipv6CidrBlock);
      }
    }
    if (ranges.size === 0) return { ranges: PRIVATE_RANGES, label: 'private addresses (the VPC ranges are not in the AWS data)' };
    const subnets = `the subnets of ${vpcId ?? 'the VPC'}`;
    if (inventory.ofKind('ENIConfig').length > 0) {
      return {
        ranges: [...new Set([...ranges, ...PRIVATE_RANGES])].sort(),
        label: `${subnets} and private addresses (ENIConfigs put pods in subnets the AWS data may not list)`,
      };
    }
    return { ranges: [...ranges].sort(), label: subnets };
  });
}

/** Whether an ipBlock (CIDR minus `except`) holds an address of one of the ranges. */
export function blockOverlaps(cidr: string, except: readonly unknown[], ranges: readonly string[]): boolean {
  const block = parseCidr(cidr);
  if (!block) return false;
  const [blockLo, blockHi] = intervalOf(block);
  return ranges.some((text) => {
    const range = parseCidr(text);
    if (!range || range.family !== block.family) return false;
    const [lo, hi] = intervalOf(range);
    let remaining: Interval[] = lo > blockHi || hi < blockLo ? [] : [[lo > blockLo ? lo : blockLo, hi < blockHi ? hi : blockHi]];
    for (const entry of except) {
      const hole = typeof entry === 'string' ? parseCidr(entry) : undefined;
      if (hole && hole.family === block.family) remaining = subtract(remaining, intervalOf(hole));
    }
    return remaining.length > 0;
  });
}

export interface PodAddressing extends AddressRanges {
  /** Why ipBlocks select no pod in this cluster (Cilium enforces); undefined when they can. */
  identityBased: string | undefined;
}

function runsCiliumAgent(inventory: InventoryView): boolean {
  return inventory.workloads().some((workload) =>
    workload.containers.some(({ container }) => {
      if (typeof container.image !== 'string') return false;
      const repository = parseImage(container.image).repository;
      return repository === 'cilium/cilium' || repository.endsWith('/cilium/cilium');
    }),
  );
}

/** How ipBlocks relate to the addresses of this cluster's pods and nodes. */
export function podAddressing(inventory: InventoryView): PodAddressing {
  return inventory.cached('graph:pod-addressing', () => {
    const ranges = vpcRanges(inventory);
    const cilium = policyCoverage(inventory).policies.some((policy) => policy.engine === 'cilium') || runsCiliumAgent(inventory);
    return {
      ...ranges,
      identityBased: cilium
        ? 'Cilium enforces policies by endpoint identity and leaves pods and nodes out of CIDR matching'
        : undefined,
    };
  });
}

/**
 * Whether an ipBlock admits the cluster's pods (and the nodes host-network pods speak from),
 * and why, for evidence; undefined when it does not.
 */
export function blockMatchesPods(addressing: PodAddressing, cidr: string, except: readonly unknown[]): string | undefined {
  if (addressing.identityBased || !blockOverlaps(cidr, except, addressing.ranges)) return undefined;
  return `ipBlock ${cidr}${except.length > 0 ? ` (except ${except.filter((item) => typeof item === 'string').join(', ')})` : ''} overlaps ${addressing.label}, where pod and node addresses come from; a pod's exact address is not known, so an overlap counts as a match`;
}
