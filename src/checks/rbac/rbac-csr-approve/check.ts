import { CSR_APPROVAL, grantsFor, SIGNER_APPROVE, sortGrants } from '../../../analysis/rbac/capabilities.js';
import { listText, namesOf } from '../../../analysis/rbac/grant-text.js';
import { defineSubjectCheck } from '../subject-check.js';

/** Signers whose certificates authenticate to the API server as any user or as a kubelet. */
const CLIENT_SIGNERS = ['kubernetes.io/kube-apiserver-client', 'kubernetes.io/kube-apiserver-client-kubelet', 'kubernetes.io/*'];

/**
 * Approving a CSR takes `update` on certificatesigningrequests/approval and `approve` on the
 * signer: both are needed, so both are the evidence. Critical when the signers include the API
 * server client signers (a certificate for `system:masters` or any node), high for others such
 * as kubelet-serving.
 */
export const check = defineSubjectCheck<'approve'>({
  id: 'rbac-csr-approve',
  title: 'Subject can approve certificate signing requests',
  severity: 'critical',
  area: 'rbac',
  admission: true,
  description:
    'A subject that approves CSRs for the API-server client signer issues itself a certificate for any user and group, system:masters included: a permanent credential that RBAC cannot revoke.',
  remediation:
    'Remove approval rights outside the control plane; if an approver is needed (e.g. kubelet-serving), limit `approve` on signers with resourceNames to that signer.',
  messages: {
    approve: '{{subject}}{{members}} can approve certificate signing requests for {{signers}}: {{grants}}',
  },
  links: ['https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#authorization'],
  detect({ perms, bindings }) {
    const approval = grantsFor(perms, bindings, CSR_APPROVAL);
    const signers = grantsFor(perms, bindings, SIGNER_APPROVE);
    if (approval.length === 0 || signers.length === 0) return undefined;
    const names = namesOf(signers);
    const critical = !names || names.some((name) => CLIENT_SIGNERS.includes(name));
    return {
      messageId: 'approve',
      data: {
        signers: names ? `the signers ${listText(names)}` : 'any signer (client certificates for any user, system:masters included)',
      },
      grants: [...sortGrants(signers), ...sortGrants(approval)],
      severity: critical ? 'critical' : 'high',
    };
  },
});
