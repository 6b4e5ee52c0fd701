import { defineCheck } from '../../define-check.js';
import { checkKubelet, KUBELET_FIX_HOW, kubeletRequires, kubeletTargets, type KubeletTarget } from '../kubelet-config.js';

export const check = defineCheck<KubeletTarget, 'noClientCa'>({
  id: 'ng-kubelet-client-ca',
  title: 'No client CA for kubelet',
  severity: 'high',
  area: 'nodes',
  needs: ['kubelet'],
  description:
    "Without `authentication.x509.clientCAFile` the kubelet cannot verify client certificates: the API server's own requests (exec, logs, port-forward) can no longer be authenticated by certificate, and the kubelet falls back to token webhooks or anonymous access. EKS-optimized AMIs set it to the cluster CA (/etc/kubernetes/pki/ca.crt). Read from each node's `/configz` (--kubelet-config). CIS EKS 3.2.3.",
  remediation: `Set authentication.x509.clientCAFile to the cluster CA bundle (kubelet --client-ca-file). ${KUBELET_FIX_HOW}`,
  messages: {
    noClientCa: 'The kubelet on {{nodes}} has no client CA to verify certificates ({{problem}})',
  },
  links: ['https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/#kubelet-authentication'],
  requires: (inventory) => kubeletRequires(inventory),
  targets: (inventory) => kubeletTargets(inventory),
  evaluate(target, context) {
    checkKubelet(target, context, [
      {
        messageId: 'noClientCa',
        path: ['authentication', 'x509', 'clientCAFile'],
        problem: (value) => (typeof value === 'string' && value.trim() !== '' ? undefined : 'authentication.x509.clientCAFile is not set'),
      },
    ]);
  },
});
