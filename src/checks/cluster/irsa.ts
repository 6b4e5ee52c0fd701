/** IRSA: service accounts that name an IAM role, and the cluster's OIDC provider in IAM. */
import type { K8sObject } from '../../model/index.js';
import type { InventoryView } from '../../inventory/index.js';
import { parseArn } from '../../analysis/identity/iam-arn.js';

import { ROLE_ARN_ANNOTATION } from '../../analysis/identity/workload-roles.js';

export interface IrsaServiceAccount {
  object: K8sObject;
  /** `namespace/name`. */
  name: string;
  roleArn: string;
  /** The account the role lives in, which must hold the OIDC provider. */
  roleAccount: string | undefined;
}

export function irsaServiceAccounts(inventory: InventoryView): IrsaServiceAccount[] {
  return inventory.cached('cluster:irsaServiceAccounts', () =>
    inventory.ofKind('ServiceAccount').flatMap((object) => {
      const roleArn = object.metadata?.annotations?.[ROLE_ARN_ANNOTATION]?.trim();
      if (!roleArn) return [];
      const name = `${object.metadata?.namespace ?? 'default'}/${object.metadata?.name ?? ''}`;
      return [{ object, name, roleArn, roleAccount: parseArn(roleArn)?.account || undefined }];
    }),
  );
}

/** `https://oidc.eks.eu-west-1.amazonaws.com/id/ABC/` → `oidc.eks.eu-west-1.amazonaws.com/id/abc`. */
export function issuerKey(url: string): string {
  return url.trim().replace(/^https:\/\//i, '').replace(/\/+$/, '').toLowerCase();
}

/** The IAM provider's issuer: its `Url` (without scheme), else what follows `oidc-provider/` in its ARN. */
export function providerKey(provider: { Arn?: string; Url?: string }): string | undefined {
  if (provider.Url) return issuerKey(provider.Url);
  const marker = ':oidc-provider/';
  const at = provider.Arn?.indexOf(marker) ?? -1;
  return provider.Arn && at >= 0 ? issuerKey(provider.Arn.slice(at + marker.length)) : undefined;
}
