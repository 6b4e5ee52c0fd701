import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../../model/index.js';
import { webhooksOf } from '../../logging/mon-admission-webhooks-inventory/admission-webhooks.js';
import { securityEngineOf } from './security-engines.js';

function engine(webhook: Record<string, unknown>): string | undefined {
  const configuration: K8sObject = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: 'c' },
    webhooks: [webhook],
  };
  return securityEngineOf(webhooksOf(configuration)[0]!)?.name;
}

describe('securityEngineOf', () => {
  it.each([
    [{ name: 'validate.kyverno.svc-fail' }, 'Kyverno'],
    [{ name: 'custom', clientConfig: { service: { name: 'kyverno-svc', namespace: 'security' } } }, 'Kyverno'],
    [{ name: 'validation.gatekeeper.sh' }, 'Gatekeeper'],
    [{ name: 'policy.sigstore.dev' }, 'Sigstore policy-controller'],
    [{ name: 'x', clientConfig: { service: { name: 'webhook', namespace: 'cosign-system' } } }, 'Sigstore policy-controller'],
    [{ name: 'mutation.ratify.deislabs.io' }, 'Ratify'],
    [{ name: 'clusterwide-no-privileged.kubewarden.admission' }, 'Kubewarden'],
    [{ name: 'sidecar-injector.istio.io' }, undefined],
  ])('%j → %s', (webhook, expected) => {
    expect(engine(webhook)).toBe(expected);
  });
});
