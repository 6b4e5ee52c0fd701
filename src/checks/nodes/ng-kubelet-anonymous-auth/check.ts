import { defineCheck } from '../../define-check.js';
import { checkKubelet, KUBELET_FIX_HOW, kubeletRequires, kubeletTargets, type KubeletTarget } from '../kubelet-config.js';

export const check = defineCheck<KubeletTarget, 'anonymous'>({
  id: 'ng-kubelet-anonymous-auth',
  title: 'Kubelet anonymous auth enabled',
  severity: 'high',
  area: 'nodes',
  needs: ['kubelet'],
  description:
    "With `authentication.anonymous.enabled: true` the kubelet API (port 10250) treats requests without credentials as `system:anonymous`; whatever RBAC or the kubelet's authorization mode grants that user — and with AlwaysAllow, everything: exec into pods, read logs and environment — is open to anyone who can reach the port. Read agentlessly from each node's `/configz` through the API server proxy (collected only with --kubelet-config, since it needs the `nodes/proxy` permission, itself a powerful grant). An absent field is the KubeletConfiguration default, false. Reported once per node group or pool, naming the nodes. CIS EKS 3.2.1.",
  remediation: `Set authentication.anonymous.enabled to false (kubelet --anonymous-auth=false). ${KUBELET_FIX_HOW}`,
  messages: {
    anonymous: 'The kubelet on {{nodes}} accepts anonymous requests ({{problem}})',
  },
  links: ['https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/', 'https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/'],
  requires: (inventory) => kubeletRequires(inventory),
  targets: (inventory) => kubeletTargets(inventory),
  evaluate(target, context) {
    checkKubelet(target, context, [
      {
        messageId: 'anonymous',
        path: ['authentication', 'anonymous', 'enabled'],
        wanted: false,
        problem: (value) => (value === true ? 'authentication.anonymous.enabled is true' : undefined),
      },
    ]);
  },
});
