import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../model/index.js';
import { refOf } from '../../inventory/index.js';
import type { WaiverQuery } from '../engine.js';
import { compileSelector, identitiesOf, labelsOf } from './resource-selector.js';

function query(object: K8sObject, container?: string, checkId = 'wl-privileged'): WaiverQuery {
  return { checkId, resource: refOf(object), object, container };
}

function matches(selector: Parameters<typeof compileSelector>[0], q: WaiverQuery): boolean {
  return compileSelector(selector)(q, identitiesOf(q.resource, q.object));
}

const exporter: K8sObject = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'node-exporter-main', namespace: 'monitoring', labels: { team: 'obs' } },
  spec: { template: { metadata: { labels: { 'app.kubernetes.io/name': 'node-exporter' } }, spec: { containers: [] } } },
};

describe('identitiesOf', () => {
  it('is the resource itself without owners', () => {
    expect(identitiesOf(refOf(exporter), exporter)).toEqual([
      { kind: 'DaemonSet', namespace: 'monitoring', name: 'node-exporter-main' },
    ]);
  });

  it('adds the DaemonSet that owns a pod', () => {
    const pod: K8sObject = {
      kind: 'Pod',
      metadata: {
        name: 'aws-node-x7k2p',
        namespace: 'kube-system',
        ownerReferences: [{ kind: 'DaemonSet', name: 'aws-node', controller: true }],
      },
    };
    expect(identitiesOf(refOf(pod), pod)).toContainEqual({ kind: 'DaemonSet', namespace: 'kube-system', name: 'aws-node' });
  });

  it('adds the Deployment behind a pod of a ReplicaSet, checked against pod-template-hash', () => {
    const pod = (hash: string): K8sObject => ({
      kind: 'Pod',
      metadata: {
        name: 'coredns-5d8f4b7c9-abcde',
        namespace: 'kube-system',
        labels: { 'pod-template-hash': hash },
        ownerReferences: [{ kind: 'ReplicaSet', name: 'coredns-5d8f4b7c9', controller: true }],
      },
    });
    expect(identitiesOf(refOf(pod('5d8f4b7c9')), pod('5d8f4b7c9'))).toContainEqual({
      kind: 'Deployment',
      namespace: 'kube-system',
      name: 'coredns',
    });
    const mismatched = pod('7777');
    expect(identitiesOf(refOf(mismatched), mismatched).map((identity) => identity.kind)).toEqual(['Pod', 'ReplicaSet']);
  });
});

describe('compileSelector', () => {
  it('matches everything without a selector or with an empty one', () => {
    expect(matches(undefined, query(exporter))).toBe(true);
    expect(matches({}, query(exporter))).toBe(true);
  });

  it('needs every field to match, names and namespaces as globs', () => {
    expect(matches({ kind: 'DaemonSet', namespace: 'monitor*', name: 'node-exporter*' }, query(exporter))).toBe(true);
    expect(matches({ kind: 'Deployment', name: 'node-exporter*' }, query(exporter))).toBe(false);
    expect(matches({ namespace: 'kube-*' }, query(exporter))).toBe(false);
  });

  it('never matches a namespace selector on a cluster-scoped resource', () => {
    const role: K8sObject = { kind: 'ClusterRole', metadata: { name: 'admin' } };
    expect(matches({ namespace: '*' }, query(role))).toBe(false);
    expect(matches({ kind: 'ClusterRole', name: 'admin' }, query(role))).toBe(true);
  });

  it('matches labels of the object and of its pod template', () => {
    expect(matches({ labels: { team: 'obs' } }, query(exporter))).toBe(true);
    expect(matches({ labels: { 'app.kubernetes.io/name': 'node-exporter', team: 'obs' } }, query(exporter))).toBe(true);
    expect(matches({ labels: { team: 'payments' } }, query(exporter))).toBe(false);
    expect(labelsOf(exporter)).toEqual({ team: 'obs', 'app.kubernetes.io/name': 'node-exporter' });
  });

  it('matches a container glob only on findings about such a container', () => {
    expect(matches({ container: 'exp*' }, query(exporter, 'exporter'))).toBe(true);
    expect(matches({ container: 'exp*' }, query(exporter, 'sidecar'))).toBe(false);
    expect(matches({ container: '*' }, query(exporter, undefined))).toBe(false);
  });
});
