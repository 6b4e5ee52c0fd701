/**
 * Whether a node's operating system is built to run containers: Bottlerocket, Amazon Linux
 * 2023 (minimal, immutable-leaning, SELinux and IMDSv2 by default), Flatcar, Talos. Read from
 * the EKS AMI type of a managed node group, or from a Node's `status.nodeInfo.osImage`.
 * Windows nodes have no container-optimized alternative and are accepted.
 */
import type { K8sObject } from '../../model/index.js';

export type OsVerdict = 'optimized' | 'windows' | 'general-purpose' | 'unknown';

const OPTIMIZED_IMAGES = /bottlerocket|amazon linux 2023|flatcar|talos|container-optimized os/i;

export function amiTypeVerdict(amiType: string | undefined): OsVerdict {
  if (!amiType || amiType === 'CUSTOM') return 'unknown';
  if (amiType.startsWith('BOTTLEROCKET_') || amiType.startsWith('AL2023_')) return 'optimized';
  if (amiType.startsWith('WINDOWS_')) return 'windows';
  return 'general-purpose';
}

export function osImageVerdict(osImage: string | undefined): OsVerdict {
  if (!osImage) return 'unknown';
  if (OPTIMIZED_IMAGES.test(osImage)) return 'optimized';
  if (/windows/i.test(osImage)) return 'windows';
  return 'general-purpose';
}

export function osImageOf(node: K8sObject): string | undefined {
  const status = node.status as { nodeInfo?: { osImage?: unknown } } | undefined;
  const image = status?.nodeInfo?.osImage;
  return typeof image === 'string' ? image : undefined;
}
