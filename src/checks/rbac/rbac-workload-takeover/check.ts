import { reachOf, takeoverCapabilities, takeoverCapabilitiesOf } from '../../../analysis/rbac/capabilities.js';
import { reachText } from '../../../analysis/rbac/grant-text.js';
import { mountsServiceAccountToken } from '../../../analysis/rbac/service-account-token.js';
import { defineSubjectCheck } from '../subject-check.js';

/**
 * Per service account that workloads run as, with its effective permissions: its own bindings
 * plus those of system:serviceaccounts, system:serviceaccounts:<ns> and system:authenticated,
 * which every pod token carries. A service account none of whose workloads mounts its token
 * (automountServiceAccountToken: false on the pod, or on the ServiceAccount and not overridden,
 * and no projected token volume) passes: a compromised pod has no token to use. What counts as
 * takeover is TAKEOVER_CAPABILITIES (capabilities.ts).
 */
export const check = defineSubjectCheck<'takeover'>({
  id: 'rbac-workload-takeover',
  title: 'Workload service account can take over the cluster',
  severity: 'high',
  area: 'rbac',
  description:
    'When a pod is compromised (an RCE in the application, a malicious image), its service account token is the attacker\'s. If that account can read Secrets cluster-wide, run pods in kube-system, bind roles or reach the kubelets, one vulnerable pod is the whole cluster.',
  remediation:
    'Give the workload a dedicated service account with only what it uses; move cluster-wide powers to a separate, isolated controller; set automountServiceAccountToken: false where the workload does not call the API.',
  messages: {
    takeover: '{{subject}}{{members}} lets a compromised pod take over the cluster: it can {{capabilities}}. Granted by {{grants}}',
  },
  links: ['https://kubernetes.io/docs/concepts/security/service-accounts/'],
  inherited: true,
  appliesTo: (subject, perms) => perms.workloadsOf(subject).length > 0,
  detect({ subject, perms, bindings, inventory }) {
    const account = perms.serviceAccountObject(subject);
    if (!perms.workloadsOf(subject).some((workload) => mountsServiceAccountToken(workload, account))) return undefined;
    const hits = takeoverCapabilities(perms, bindings, takeoverCapabilitiesOf(inventory));
    if (hits.length === 0) return undefined;
    return {
      messageId: 'takeover',
      data: { capabilities: hits.map((hit) => `${hit.capability.label} ${reachText(reachOf(hit.grants))}`).join('; ') },
      grants: hits.flatMap((hit) => hit.grants),
    };
  },
});
