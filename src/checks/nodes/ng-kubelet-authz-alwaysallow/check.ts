import { defineCheck } from '../../define-check.js';
import { checkKubelet, KUBELET_FIX_HOW, kubeletRequires, kubeletTargets, type KubeletTarget } from '../kubelet-config.js';

export const check = defineCheck<KubeletTarget, 'alwaysAllow'>({
  id: 'ng-kubelet-authz-alwaysallow',
  title: 'Kubelet authorization mode AlwaysAllow',
  severity: 'high',
  area: 'nodes',
  needs: ['kubelet'],
  description:
    "With `authorization.mode: AlwaysAllow` the kubelet serves every authenticated request (and every anonymous one, if anonymous authentication is on) without asking the API server: any identity that reaches port 10250 can run commands in every pod of the node. `Webhook` delegates each request to the API server's SubjectAccessReview, so RBAC on `nodes/proxy`, `nodes/log`… applies. Read from each node's `/configz` (--kubelet-config); an absent field is the KubeletConfiguration default, Webhook. CIS EKS 3.2.2.",
  remediation: `Set authorization.mode to Webhook (kubelet --authorization-mode=Webhook), with authentication.webhook.enabled true. ${KUBELET_FIX_HOW}`,
  messages: {
    alwaysAllow: 'The kubelet on {{nodes}} authorizes every request without the API server ({{problem}})',
  },
  links: ['https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/#kubelet-authorization'],
  requires: (inventory) => kubeletRequires(inventory),
  targets: (inventory) => kubeletTargets(inventory),
  evaluate(target, context) {
    checkKubelet(target, context, [
      {
        messageId: 'alwaysAllow',
        path: ['authorization', 'mode'],
        wanted: 'Webhook',
        problem: (value) => (value === 'AlwaysAllow' ? 'authorization.mode is AlwaysAllow' : undefined),
      },
    ]);
  },
});
