import type { Target } from '../../../model/index.js';
import type { InventoryView } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { clusterTarget } from '../../targets.js';
import { absenceUndecidable, hasCrd } from '../../recovery/whole-cluster.js';

const CSI_DRIVER = 'secrets-store.csi.k8s.io';
/** Secrets the cluster manages itself; they are not candidates for an external store. */
const CLUSTER_MANAGED_TYPES = new Set(['kubernetes.io/service-account-token', 'helm.sh/release.v1']);

/** What shows that a store outside the cluster feeds secrets in, if anything. */
function externalStoreEvidence(inventory: InventoryView): string | undefined {
  if (hasCrd(inventory, 'secretproviderclasses.secrets-store.csi.x-k8s.io')) return 'Secrets Store CSI driver';
  if (hasCrd(inventory, 'externalsecrets.external-secrets.io')) return 'External Secrets Operator';
  if (inventory.ofKindInGroup('SecretProviderClass', 'secrets-store.csi.x-k8s.io').length > 0) return 'Secrets Store CSI driver';
  for (const kind of ['ExternalSecret', 'ClusterExternalSecret']) {
    if (inventory.ofKindInGroup(kind, 'external-secrets.io').length > 0) return 'External Secrets Operator';
  }
  if (inventory.get('CSIDriver', undefined, CSI_DRIVER)) return 'Secrets Store CSI driver';
  const mountsCsiSecrets = inventory
    .workloads()
    .some(({ podSpec }) => (podSpec.volumes ?? []).some((volume) => (volume.csi as { driver?: unknown } | undefined)?.driver === CSI_DRIVER));
  return mountsCsiSecrets ? 'Secrets Store CSI driver' : undefined;
}

export const check = defineCheck<Target, 'absent'>({
  id: 'sec-no-external-store',
  title: 'No external secrets store (Secrets Store CSI / External Secrets)',
  severity: 'info',
  area: 'secrets',
  description:
    'Secrets kept only as Kubernetes Secrets are managed, audited and rotated by hand. An external store (AWS Secrets Manager or Parameter Store through the Secrets Store CSI driver or External Secrets Operator) centralises access control, audit and rotation.',
  remediation:
    'Install the Secrets Store CSI driver with the AWS provider, or External Secrets Operator, and source application secrets from AWS Secrets Manager / SSM Parameter Store.',
  messages: {
    absent:
      'No external secrets store is in use (no SecretProviderClass or ExternalSecret CRD or object); {{count}} application Secret(s) exist only in the cluster',
  },
  links: ['https://docs.aws.amazon.com/secretsmanager/latest/userguide/integrating_csi_driver.html', 'https://external-secrets.io/'],
  targets: (inventory) => [clusterTarget(inventory)],
  evaluate(_target, context) {
    const { inventory } = context;
    if (externalStoreEvidence(inventory)) return;
    const undecidable = absenceUndecidable(inventory, [['apiextensions.k8s.io', 'customresourcedefinitions']]);
    if (undecidable) return context.notEvaluated(undecidable);
    const count = inventory
      .ofKind('Secret')
      .filter((secret) => !CLUSTER_MANAGED_TYPES.has(typeof secret.type === 'string' ? secret.type : 'Opaque')).length;
    context.fail('absent', { count });
  },
});
