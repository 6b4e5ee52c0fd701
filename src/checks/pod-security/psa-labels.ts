/**
 * Pod Security Admission namespace labels: which level and policy version a namespace enforces,
 * audits or warns at, read as the admission controller reads them.
 */
import { LATEST_POLICY_MINOR, LATEST_POLICY_VERSION, PSS_LEVELS, type PolicyVersion, type PssLevel } from './pss-catalogue.js';

export const PSA_LABEL_PREFIX = 'pod-security.kubernetes.io/';
export const PSA_MODES = ['enforce', 'audit', 'warn'] as const;
export type PsaMode = (typeof PSA_MODES)[number];

export function psaLevelLabel(mode: PsaMode): string {
  return `${PSA_LABEL_PREFIX}${mode}`;
}

export function psaVersionLabel(mode: PsaMode): string {
  return `${PSA_LABEL_PREFIX}${mode}-version`;
}

export function parsePssLevel(value: string | undefined): PssLevel | undefined {
  return (PSS_LEVELS as readonly string[]).includes(value ?? '') ? (value as PssLevel) : undefined;
}

/** `latest` or `v1.<minor>`, as the admission controller accepts them; anything else is invalid. */
export function parsePolicyVersion(value: string | undefined): PolicyVersion | undefined {
  if (value === 'latest') return LATEST_POLICY_VERSION;
  const match = /^v1\.(0|[1-9][0-9]*)$/.exec(value ?? '');
  if (!match) return undefined;
  const minor = Number(match[1]);
  return minor >= LATEST_POLICY_MINOR ? { minor: LATEST_POLICY_MINOR, latest: false } : { minor, latest: false };
}

export function formatPolicyVersion(version: PolicyVersion): string {
  return version.latest ? 'latest' : `v1.${version.minor}`;
}

export interface NamespacePolicy {
  level: PssLevel;
  version: PolicyVersion;
  /** Label values the admission controller cannot parse; it then applies restricted at latest. */
  problems: string[];
}

/**
 * The policy a namespace's labels set for one mode, or undefined when the level label is absent
 * (the cluster default applies then; on EKS that is privileged, i.e. nothing is enforced). As
 * PodSecurity admission does, an unparsable level or version falls back to restricted at latest.
 */
export function namespacePolicy(labels: Record<string, string> | undefined, mode: PsaMode): NamespacePolicy | undefined {
  const levelValue = labels?.[psaLevelLabel(mode)];
  if (levelValue === undefined) return undefined;
  const versionValue = labels?.[psaVersionLabel(mode)];
  const level = parsePssLevel(levelValue);
  const version = versionValue === undefined ? LATEST_POLICY_VERSION : parsePolicyVersion(versionValue);
  const problems: string[] = [];
  if (!level) problems.push(`${psaLevelLabel(mode)}="${levelValue}" is not a level`);
  if (!version) problems.push(`${psaVersionLabel(mode)}="${versionValue ?? ''}" is not a policy version`);
  if (problems.length > 0) return { level: 'restricted', version: LATEST_POLICY_VERSION, problems };
  return { level: level as PssLevel, version: version as PolicyVersion, problems };
}
