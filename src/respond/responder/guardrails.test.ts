import { describe, expect, it } from 'vitest';
import type { Alert } from '../../model/index.js';
import type { PlannedAction } from '../actions/types.js';
import { DEFAULT_GUARDRAILS, type Playbook } from '../playbooks/types.js';
import { namespaceGuard, namespacesOf, replicasGuard } from './guardrails.js';

const playbook = (extra: Partial<Playbook> = {}): Playbook => ({ name: 'pb', match: {}, actions: [], allowProtectedNamespaces: false, ...extra });

function plan(facts: PlannedAction['facts'], extra: Partial<PlannedAction> = {}): PlannedAction {
  return { action: 'quarantine', target: { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'api-1' }, description: 'd', facts, before: {}, requests: [{ method: 'PATCH', path: '/x' }], undo: [], ...extra };
}

const alert = { object: { resource: 'clusterrolebindings', name: 'aws-node' } } as Alert;

describe('guardrails', () => {
  it('refuses when the ready replicas could not be read, unless the minimum is 0', () => {
    const unknown = plan({ namespace: 'shop', replicasUnknown: 'its controller DaemonSet log-agent cannot be read (forbidden)' });
    expect(replicasGuard(playbook(), DEFAULT_GUARDRAILS, unknown)).toEqual({
      guardrail: 'min-healthy-replicas',
      reason: 'cannot tell how many ready replicas would remain (its controller DaemonSet log-agent cannot be read (forbidden)); minHealthyReplicas is 1 (set it to 0 in the playbook to act anyway)',
    });
    expect(replicasGuard(playbook({ minHealthyReplicas: 0 }), DEFAULT_GUARDRAILS, unknown)).toBeUndefined();
    expect(replicasGuard(playbook(), { ...DEFAULT_GUARDRAILS, minHealthyReplicas: 0 }, unknown)).toBeUndefined();
    // A bare pod (no controller at all) has no replicas to keep.
    expect(replicasGuard(playbook(), DEFAULT_GUARDRAILS, plan({ namespace: 'shop' }))).toBeUndefined();
  });

  it('counts the namespaces a cluster-scoped change reaches (a ClusterRoleBinding of kube-system service accounts)', () => {
    const deletion = plan(
      { affectedNamespaces: ['kube-system', 'monitoring'] },
      { action: 'delete-binding', target: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', name: 'aws-node' } },
    );
    expect(namespacesOf(deletion, alert)).toEqual(['kube-system', 'monitoring']);
    expect(namespaceGuard(playbook(), DEFAULT_GUARDRAILS, namespacesOf(deletion, alert))).toMatchObject({ guardrail: 'protected-namespace' });
    expect(namespaceGuard(playbook({ allowProtectedNamespaces: true }), DEFAULT_GUARDRAILS, namespacesOf(deletion, alert))).toBeUndefined();
    expect(namespaceGuard(playbook(), { ...DEFAULT_GUARDRAILS, excludedNamespaces: ['monitor*'] }, ['monitoring'])).toMatchObject({ guardrail: 'excluded-namespace' });
  });
});
