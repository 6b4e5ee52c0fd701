/**
 * EKS-optimized AMI releases as managed node groups report them (`nodegroup.releaseVersion`):
 * Amazon Linux AMIs as `<kubernetes patch>-<YYYYMMDD build date>` (`1.31.2-20241121`),
 * Bottlerocket as `<os version>-<commit>` (`1.26.2-360b7a38`), Windows with a dotted date.
 * The latest release lives in SSM public parameters, which the snapshot does not hold; the
 * parameter a group's AMI type reads from is named so a reader can fetch it.
 */

export type AmiRelease =
  | { kind: 'dated'; text: string; date: Date }
  | { kind: 'bottlerocket'; text: string; version: [number, number, number] };

export function parseRelease(amiType: string | undefined, releaseVersion: string | undefined): AmiRelease | undefined {
  if (!releaseVersion) return undefined;
  const text = releaseVersion.trim();
  if (amiType?.startsWith('BOTTLEROCKET_')) {
    const match = /^(\d+)\.(\d+)\.(\d+)(?:-[0-9a-f]+)?$/.exec(text);
    return match ? { kind: 'bottlerocket', text, version: [Number(match[1]), Number(match[2]), Number(match[3])] } : undefined;
  }
  const dated = /(?:^|[-.])(\d{4})[.]?(\d{2})[.]?(\d{2})$/.exec(text);
  if (!dated) return undefined;
  const date = new Date(Date.UTC(Number(dated[1]), Number(dated[2]) - 1, Number(dated[3])));
  if (Number.isNaN(date.getTime()) || date.getUTCMonth() !== Number(dated[2]) - 1) return undefined;
  return { kind: 'dated', text, date };
}

/** Positive when `a` is newer than `b`; undefined when they cannot be compared. */
export function compareReleases(a: AmiRelease, b: AmiRelease): number | undefined {
  if (a.kind === 'dated' && b.kind === 'dated') return a.date.getTime() - b.date.getTime();
  if (a.kind === 'bottlerocket' && b.kind === 'bottlerocket') {
    for (let index = 0; index < 3; index++) {
      const diff = (a.version[index] ?? 0) - (b.version[index] ?? 0);
      if (diff !== 0) return diff;
    }
    return 0;
  }
  return undefined;
}

const AL2_PATHS: Record<string, string> = {
  AL2_x86_64: 'amazon-linux-2',
  AL2_ARM_64: 'amazon-linux-2-arm64',
  AL2_x86_64_GPU: 'amazon-linux-2-gpu',
};

/**
 * The SSM public parameter holding the latest release for an AMI type and Kubernetes version,
 * after the EKS user guide's "Retrieve recommended … AMI IDs" pages.
 */
export function latestReleaseParameter(amiType: string | undefined, version: string | undefined): string | undefined {
  if (!amiType || !version) return undefined;
  const al2 = AL2_PATHS[amiType];
  if (al2) return `/aws/service/eks/optimized-ami/${version}/${al2}/recommended/release_version`;
  const al2023 = /^AL2023_(x86_64|ARM_64)_(STANDARD|NVIDIA|NEURON)$/.exec(amiType);
  if (al2023) {
    const arch = al2023[1] === 'ARM_64' ? 'arm64' : 'x86_64';
    return `/aws/service/eks/optimized-ami/${version}/amazon-linux-2023/${arch}/${(al2023[2] ?? '').toLowerCase()}/recommended/release_version`;
  }
  const bottlerocket = /^BOTTLEROCKET_(x86_64|ARM_64)((?:_NVIDIA)?(?:_FIPS)?)$/.exec(amiType);
  if (bottlerocket) {
    const arch = bottlerocket[1] === 'ARM_64' ? 'arm64' : 'x86_64';
    const flavor = (bottlerocket[2] ?? '').toLowerCase().replace(/_/g, '-');
    return `/aws/service/bottlerocket/aws-k8s-${version}${flavor}/${arch}/latest/image_version`;
  }
  const windows = /^WINDOWS_(CORE|FULL)_(\d{4})_x86_64$/.exec(amiType);
  if (windows) {
    const edition = windows[1] === 'CORE' ? 'Core' : 'Full';
    return `/aws/service/ami-windows-latest/Windows_Server-${windows[2] ?? ''}-English-${edition}-EKS_Optimized-${version}/image_id`;
  }
  return undefined;
}

export function daysBetween(earlier: Date, later: Date): number {
  return Math.floor((later.getTime() - earlier.getTime()) / 86_400_000);
}
