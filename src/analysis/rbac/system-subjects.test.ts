import { describe, expect, it } from 'vitest';
import { isControlPlaneSubject } from './system-subjects.js';

describe('isControlPlaneSubject', () => {
  it('recognises control-plane users, groups and controller service accounts', () => {
    expect(isControlPlaneSubject({ kind: 'User', name: 'system:kube-controller-manager' })).toBe(true);
    expect(isControlPlaneSubject({ kind: 'User', name: 'system:node:ip-10-0-1-10.ec2.internal' })).toBe(true);
    expect(isControlPlaneSubject({ kind: 'User', name: 'eks:addon-manager' })).toBe(true);
    expect(isControlPlaneSubject({ kind: 'Group', name: 'system:masters' })).toBe(true);
    expect(isControlPlaneSubject({ kind: 'Group', name: 'eks:kube-proxy-windows' })).toBe(true);
    expect(isControlPlaneSubject({ kind: 'ServiceAccount', name: 'replicaset-controller', namespace: 'kube-system' })).toBe(true);
  });

  it('leaves add-ons, look-alikes and the catch-all groups to the checks', () => {
    expect(isControlPlaneSubject({ kind: 'ServiceAccount', name: 'aws-node', namespace: 'kube-system' })).toBe(false);
    expect(isControlPlaneSubject({ kind: 'ServiceAccount', name: 'replicaset-controller', namespace: 'default' })).toBe(false);
    expect(isControlPlaneSubject({ kind: 'Group', name: 'system:authenticated' })).toBe(false);
    expect(isControlPlaneSubject({ kind: 'User', name: 'system:anonymous' })).toBe(false);
    expect(isControlPlaneSubject({ kind: 'User', name: 'alice' })).toBe(false);
  });
});
