import { defineCheck } from '../../define-check.js';
import { checkKubelet, KUBELET_FIX_HOW, kubeletRequires, kubeletTargets, type KubeletTarget } from '../kubelet-config.js';

export const check = defineCheck<KubeletTarget, 'readOnly'>({
  id: 'ng-kubelet-readonly-port',
  title: 'Read-only port 10255 enabled',
  severity: 'medium',
  area: 'nodes',
  needs: ['kubelet'],
  description:
    "The kubelet's read-only port serves `/pods`, `/spec` and metrics over plain HTTP with neither authentication nor authorization: pod specs (environment variables included), images and node details to anyone who reaches it. `/configz` omits the field when it is 0 (disabled), the KubeletConfiguration default; any other value is reported. CIS EKS 3.2.4.",
  remediation: `Set readOnlyPort to 0 (kubelet --read-only-port=0) and scrape metrics from the authenticated port 10250. ${KUBELET_FIX_HOW}`,
  messages: {
    readOnly: 'The kubelet on {{nodes}} serves the unauthenticated read-only API ({{problem}})',
  },
  links: ['https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/'],
  requires: (inventory) => kubeletRequires(inventory),
  targets: (inventory) => kubeletTargets(inventory),
  evaluate(target, context) {
    checkKubelet(target, context, [
      {
        messageId: 'readOnly',
        path: ['readOnlyPort'],
        wanted: 0,
        problem: (value) => (typeof value === 'number' && value !== 0 ? `readOnlyPort is ${value}` : undefined),
      },
    ]);
  },
});
