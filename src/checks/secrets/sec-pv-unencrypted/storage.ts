/** How AWS storage drivers decide encryption, from the fields Kubernetes objects carry. */

export const EBS_CSI = 'ebs.csi.aws.com';
export const EBS_IN_TREE = 'kubernetes.io/aws-ebs';
export const EFS_CSI = 'efs.csi.aws.com';

/** Go's strconv.ParseBool, which the in-tree EBS plugin and the EFS CSI driver use. */
export function parseGoBool(value: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
}

/** The EBS CSI driver encrypts only for the exact string "true"; the in-tree plugin parses a bool. */
export function ebsEncrypts(provisioner: string, encrypted: string | undefined): boolean {
  if (encrypted === undefined) return false;
  return provisioner === EBS_CSI ? encrypted === 'true' : parseGoBool(encrypted) === true;
}

/** EFS DNS names: `fs-….efs.<region>.amazonaws.com`, with an optional mount-target AZ prefix. */
const EFS_HOST = /(^|\.)(fs-[0-9a-f]+)\.efs\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\.?$/i;

export function efsFileSystemOfHost(host: string): string | undefined {
  return EFS_HOST.exec(host.trim())?.[2];
}

export interface EfsTransit {
  encrypted: boolean;
  /** The volumeAttributes key that turned TLS off, when one did. */
  attribute?: string;
}

/**
 * Encryption in transit of a static EFS CSI volume, as the driver decides at mount time:
 * `encryptInTransit` (key matched case-insensitively, value parsed as a Go bool) defaults to
 * true; a volume handle naming an access point (`fs-id:path:fsap-id`) always mounts with TLS;
 * `tls` in mountOptions together with `encryptInTransit: false` is refused, so never mounts
 * unencrypted. An unparseable value also makes the mount fail.
 */
export function efsTransit(
  volumeHandle: string | undefined,
  volumeAttributes: Record<string, unknown> | undefined,
  mountOptions: readonly string[],
): EfsTransit {
  const key = Object.keys(volumeAttributes ?? {}).find((name) => name.toLowerCase() === 'encryptintransit');
  const raw = key === undefined ? undefined : volumeAttributes?.[key];
  const setting = typeof raw === 'string' ? parseGoBool(raw) : undefined;
  if (key === undefined || setting !== false) return { encrypted: true };
  const accessPoint = (volumeHandle ?? '').split(':')[2];
  if (accessPoint) return { encrypted: true };
  if (mountOptions.some((option) => option.toLowerCase() === 'tls')) return { encrypted: true };
  return { encrypted: false, attribute: key };
}
