import type { Alert } from '../../../model/index.js';

/** An exec alert as the engine raises it; tests override the fields they vary. */
export function sampleAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    ruleId: 'k8s-exec-into-pod',
    title: 'Exec into a pod',
    severity: 'high',
    mitre: { tactic: 'Execution', technique: 'T1609' },
    source: 'k8s-audit',
    output: 'alice ran a command in pod default/web (command=sh)',
    time: '2024-05-01T12:00:00.000000Z',
    subject: { name: 'alice', groups: ['system:authenticated'], sourceIPs: ['203.0.113.7'], userAgent: 'kubectl/v1.29.0' },
    object: { resource: 'pods', subresource: 'exec', namespace: 'default', name: 'web' },
    eventId: '5f6b3c2e-1111-4d6a-9a2f-000000000001',
    ...overrides,
  };
}
