/** Kubernetes minor versions as EKS and the kubelet report them (`1.31`, `v1.31.2-eks-7f9249a`). */

export interface MinorVersion {
  major: number;
  minor: number;
}

export function parseMinor(version: string | undefined): MinorVersion | undefined {
  const match = /^v?(\d+)\.(\d+)/.exec(version?.trim() ?? '');
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined;
}

export function formatMinor(version: MinorVersion): string {
  return `${version.major}.${version.minor}`;
}

/** How many minor versions `node` is behind `controlPlane` (negative when ahead). */
export function minorLag(controlPlane: MinorVersion, node: MinorVersion): number {
  if (controlPlane.major !== node.major) return (controlPlane.major - node.major) * 100;
  return controlPlane.minor - node.minor;
}

/**
 * The kubelet skew the Kubernetes version-skew policy supports behind the API server: three
 * minor versions from 1.28, two before.
 */
export function supportedKubeletLag(controlPlane: MinorVersion): number {
  return controlPlane.major > 1 || controlPlane.minor >= 28 ? 3 : 2;
}
