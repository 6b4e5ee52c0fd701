import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../model/index.js';
import { withTrustedOwners } from './owner-trust.js';

const DAEMON_SET_CONTROLLER = 'system:serviceaccount:kube-system:daemon-set-controller';
const daemonSetOwner = { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'node-exporter', uid: 'd6b0c9a8-7e6f-4d5c-b4a3-928170615243', controller: true };

function pod(ownerReferences: unknown[]): K8sObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'node-exporter-x7k2p', namespace: 'monitoring', ownerReferences } as K8sObject['metadata'], spec: {} };
}

describe('withTrustedOwners', () => {
  it('keeps the controller reference the matching controller sets, and returns the object itself', () => {
    const object = pod([daemonSetOwner]);
    expect(withTrustedOwners(object, DAEMON_SET_CONTROLLER)).toBe(object);
    expect(withTrustedOwners(object, 'system:kube-controller-manager')).toBe(object);
  });

  it('drops references from anyone else, another controller, or of another group, without changing the object', () => {
    const object = pod([daemonSetOwner]);
    for (const username of [undefined, 'arn:aws:sts::111122223333:assumed-role/developer/bob', 'system:serviceaccount:kube-system:replicaset-controller', 'system:serviceaccount:monitoring:daemon-set-controller']) {
      expect(withTrustedOwners(object, username).metadata, String(username)).toEqual({ name: 'node-exporter-x7k2p', namespace: 'monitoring' });
    }
    expect(object.metadata?.ownerReferences).toEqual([daemonSetOwner]);
    const lookalike = pod([{ ...daemonSetOwner, apiVersion: 'example.com/v1' }]);
    expect(withTrustedOwners(lookalike, DAEMON_SET_CONTROLLER).metadata?.ownerReferences).toBeUndefined();
  });

  it('keeps only the controller reference, and survives malformed entries', () => {
    const extra = { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'other', uid: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' };
    const object = pod([null, 'DaemonSet', extra, daemonSetOwner]);
    expect(withTrustedOwners(object, DAEMON_SET_CONTROLLER).metadata?.ownerReferences).toEqual([daemonSetOwner]);
  });

  it('trusts a ReplicaSet owner from the deployment-controller only on a ReplicaSet', () => {
    const deploymentOwner = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: '1f0e2d3c-4b5a-4968-8776-a5b4c3d2e1f0', controller: true };
    const replicaSet: K8sObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-bbbbb', namespace: 'shop', ownerReferences: [deploymentOwner] } };
    expect(withTrustedOwners(replicaSet, 'system:serviceaccount:kube-system:deployment-controller')).toBe(replicaSet);
    const claimingPod = pod([deploymentOwner]);
    expect(withTrustedOwners(claimingPod, 'system:serviceaccount:kube-system:deployment-controller').metadata?.ownerReferences).toBeUndefined();
  });
});
