import { defineCheck } from '../../define-check.js';
import { checkKubelet, KUBELET_FIX_HOW, kubeletRequires, kubeletTargets, type KubeletTarget } from '../kubelet-config.js';

/** A Go duration (`4h0m0s`, `0s`) or a number of nanoseconds that amounts to zero. */
function isZeroDuration(value: unknown): boolean {
  if (typeof value === 'number') return value === 0;
  return typeof value === 'string' && /^[\d.hmsuµn]+$/.test(value) && !/[1-9]/.test(value);
}

function minQps(options: Record<string, unknown>): number {
  const value = options.minEventRecordQPS;
  return typeof value === 'number' && value >= 0 ? value : 5;
}

type MessageId = 'streaming' | 'iptables' | 'eventQps' | 'clientRotation' | 'serverRotation';

export const check = defineCheck<KubeletTarget, MessageId>({
  id: 'ng-kubelet-misc',
  title: 'Kubelet hardening settings (CIS 3.2.5–3.2.9)',
  severity: 'low',
  area: 'nodes',
  needs: ['kubelet'],
  description:
    "Five kubelet settings of CIS EKS 3.2.5–3.2.9, read from each node's `/configz` (--kubelet-config): `streamingConnectionIdleTimeout` 0 keeps idle exec/attach/port-forward streams open forever (3.2.5); `makeIPTablesUtilChains: false` leaves the kubelet's iptables chains unmanaged (3.2.6); `eventRecordQPS` between 0 and the `minEventRecordQPS` option (default 5) drops events under load, while 0 means unlimited and passes (3.2.7); `rotateCertificates: false` stops client certificate rotation (3.2.8); `featureGates.RotateKubeletServerCertificate: false` stops serving certificate rotation (3.2.9). Absent fields are the KubeletConfiguration defaults (4h, true, 50, feature gate on); `/configz` omits a false `rotateCertificates`, so only an explicit false is reported — EKS nodes authenticate to the API server with IAM tokens, not rotated client certificates.",
  remediation: `Restore the defaults: streamingConnectionIdleTimeout "4h0m0s" or shorter, makeIPTablesUtilChains true, eventRecordQPS 0 or at least the configured minimum, rotateCertificates true, and no RotateKubeletServerCertificate=false feature gate. ${KUBELET_FIX_HOW}`,
  messages: {
    streaming: 'The kubelet on {{nodes}} never closes idle streaming connections ({{problem}})',
    iptables: 'The kubelet on {{nodes}} does not manage its iptables utility chains ({{problem}})',
    eventQps: 'The kubelet on {{nodes}} rate-limits events so low that events get dropped ({{problem}})',
    clientRotation: 'The kubelet on {{nodes}} does not rotate its client certificate ({{problem}})',
    serverRotation: 'The kubelet on {{nodes}} does not rotate its serving certificate ({{problem}})',
  },
  links: ['https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/', 'https://kubernetes.io/docs/reference/access-authn-authz/kubelet-tls-bootstrapping/'],
  options: { minEventRecordQPS: 5 },
  requires: (inventory) => kubeletRequires(inventory),
  targets: (inventory) => kubeletTargets(inventory),
  evaluate(target, context) {
    const min = minQps(context.options);
    checkKubelet(target, context, [
      {
        messageId: 'streaming',
        path: ['streamingConnectionIdleTimeout'],
        wanted: '4h0m0s',
        problem: (value) => (value !== undefined && isZeroDuration(value) ? `streamingConnectionIdleTimeout is ${JSON.stringify(value)}` : undefined),
      },
      {
        messageId: 'iptables',
        path: ['makeIPTablesUtilChains'],
        wanted: true,
        problem: (value) => (value === false ? 'makeIPTablesUtilChains is false' : undefined),
      },
      {
        messageId: 'eventQps',
        path: ['eventRecordQPS'],
        problem: (value) =>
          typeof value === 'number' && (value < 0 || (value > 0 && value < min)) ? `eventRecordQPS is ${value}, below ${min}` : undefined,
      },
      {
        messageId: 'clientRotation',
        path: ['rotateCertificates'],
        wanted: true,
        problem: (value) => (value === false ? 'rotateCertificates is false' : undefined),
      },
      {
        messageId: 'serverRotation',
        path: ['featureGates', 'RotateKubeletServerCertificate'],
        wanted: true,
        problem: (value) => (value === false ? 'feature gate RotateKubeletServerCertificate is false' : undefined),
      },
    ]);
  },
});
