import { applyPatch, deepClone, type Operation } from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../model/index.js';
import { podTemplateOf } from '../../inventory/index.js';
import { formatPath } from '../../inventory/evidence-path.js';
import {
  addOperation,
  appendOperation,
  effectiveSecurity,
  hasUserNamespace,
  isWindowsPod,
  listNames,
  normalizeCapability,
  setFieldsOperations,
} from './security-context.js';

const deployment: K8sObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: {
    template: {
      spec: {
        securityContext: { runAsUser: 1000, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, seLinuxOptions: { level: 's0:c1,c2', user: 'system_u' } },
        initContainers: [{ name: 'init', image: 'busybox', securityContext: { runAsUser: 0, seLinuxOptions: { type: 'container_init_t' } } }],
        containers: [
          { name: 'web', image: 'nginx' },
          { name: 'sidecar', image: 'envoy', securityContext: { capabilities: { add: ['NET_ADMIN'] }, windowsOptions: { hostProcess: false } } },
        ],
      },
    },
  },
};

function resolve(object: K8sObject, name: string) {
  const template = podTemplateOf(object);
  if (!template) throw new Error('no template');
  const ref = template.containers.find((candidate) => candidate.name === name);
  if (!ref) throw new Error(`no container ${name}`);
  return effectiveSecurity(template, ref);
}

describe('effectiveSecurity', () => {
  it('inherits pod-level settings with the pod path', () => {
    const web = resolve(deployment, 'web');
    expect(web.runAsUser).toMatchObject({ value: 1000, source: 'pod' });
    expect(formatPath(web.runAsUser.path)).toBe('spec.template.spec.securityContext.runAsUser');
    expect(web.seccompProfile.value?.type).toBe('RuntimeDefault');
  });

  it('lets the container override the pod, init containers included', () => {
    const init = resolve(deployment, 'init');
    expect(init.runAsUser).toMatchObject({ value: 0, source: 'container' });
    expect(formatPath(init.runAsUser.path)).toBe('spec.template.spec.initContainers[0].securityContext.runAsUser');
    expect(init.runAsNonRoot).toMatchObject({ value: true, source: 'pod' });
  });

  it('replaces seLinuxOptions as a whole instead of merging them', () => {
    expect(resolve(deployment, 'init').seLinuxOptions.value).toEqual({ type: 'container_init_t' });
    expect(resolve(deployment, 'web').seLinuxOptions.value).toEqual({ level: 's0:c1,c2', user: 'system_u' });
  });

  it('points unset values at the container securityContext', () => {
    const web = resolve(deployment, 'web');
    expect(web.runAsGroup.source).toBe('unset');
    expect(formatPath(web.runAsGroup.path)).toBe('spec.template.spec.containers[0].securityContext.runAsGroup');
    expect(formatPath(web.capabilitiesDrop.path)).toBe('spec.template.spec.containers[0].securityContext.capabilities.drop');
  });

  it('reads container-only fields from the container', () => {
    const sidecar = resolve(deployment, 'sidecar');
    expect(sidecar.capabilitiesAdd.value).toEqual(['NET_ADMIN']);
    expect(sidecar.hostProcess).toMatchObject({ value: false, source: 'container' });
    expect(sidecar.privileged.source).toBe('unset');
  });
});

describe('pod kinds', () => {
  it('recognises Windows pods by os, node selector or HostProcess', () => {
    expect(isWindowsPod({ os: { name: 'windows' } })).toBe(true);
    expect(isWindowsPod({ nodeSelector: { 'kubernetes.io/os': 'windows' } })).toBe(true);
    expect(isWindowsPod({ containers: [{ securityContext: { windowsOptions: { hostProcess: true } } }] })).toBe(true);
    expect(isWindowsPod({ os: { name: 'linux' }, containers: [{}] })).toBe(false);
  });

  it('recognises user-namespace pods', () => {
    expect(hasUserNamespace({ hostUsers: false })).toBe(true);
    expect(hasUserNamespace({ hostUsers: true })).toBe(false);
    expect(hasUserNamespace({})).toBe(false);
  });
});

describe('normalizeCapability', () => {
  it('ignores case and the CAP_ prefix', () => {
    expect(normalizeCapability('cap_sys_admin')).toBe('SYS_ADMIN');
    expect(normalizeCapability(' CAP_NET_RAW ')).toBe('NET_RAW');
    expect(normalizeCapability('all')).toBe('ALL');
  });
});

describe('patch helpers', () => {
  const apply = (object: K8sObject, operations: Operation[]): K8sObject => {
    const copy = deepClone(object) as K8sObject;
    applyPatch(copy, operations, true);
    return copy;
  };
  const container = ['spec', 'template', 'spec', 'containers', 0] as const;

  it('adds the missing parents as one nested value', () => {
    const operation = addOperation(deployment, [...container, 'securityContext', 'capabilities', 'drop'], ['ALL']);
    expect(operation).toEqual({
      op: 'add',
      path: '/spec/template/spec/containers/0/securityContext',
      value: { capabilities: { drop: ['ALL'] } },
    });
    const patched = apply(deployment, [operation as Operation]) as { spec: { template: { spec: { containers: unknown[] } } } };
    expect(patched.spec.template.spec.containers[0]).toEqual({ name: 'web', image: 'nginx', securityContext: { capabilities: { drop: ['ALL'] } } });
  });

  it('adds at the field when the parent exists', () => {
    const sidecar = ['spec', 'template', 'spec', 'containers', 1, 'securityContext', 'capabilities', 'drop'];
    expect(addOperation(deployment, sidecar, ['ALL'])).toEqual({
      op: 'add',
      path: '/spec/template/spec/containers/1/securityContext/capabilities/drop',
      value: ['ALL'],
    });
  });

  it('appends to an existing list and creates a missing one', () => {
    const withDrop: K8sObject = { kind: 'Pod', spec: { containers: [{ securityContext: { capabilities: { drop: ['NET_RAW'] } } }] } };
    const path = ['spec', 'containers', 0, 'securityContext', 'capabilities', 'drop'];
    expect(appendOperation(withDrop, path, 'ALL')).toEqual({ op: 'add', path: '/spec/containers/0/securityContext/capabilities/drop/-', value: 'ALL' });
    expect(apply(withDrop, [appendOperation(withDrop, path, 'ALL') as Operation])).toMatchObject({
      spec: { containers: [{ securityContext: { capabilities: { drop: ['NET_RAW', 'ALL'] } } }] },
    });
    const bare: K8sObject = { kind: 'Pod', spec: { containers: [{ name: 'a' }] } };
    expect(appendOperation(bare, path, 'ALL')).toEqual({ op: 'add', path: '/spec/containers/0/securityContext', value: { capabilities: { drop: ['ALL'] } } });
  });

  it('sets several fields without one operation undoing another', () => {
    const bare: K8sObject = { kind: 'Pod', spec: { containers: [{ name: 'a' }] } };
    const path = ['spec', 'containers', 0, 'securityContext'];
    const operations = setFieldsOperations(bare, path, { runAsNonRoot: true, runAsUser: 10001 });
    expect(operations).toHaveLength(1);
    expect(apply(bare, operations as Operation[])).toMatchObject({ spec: { containers: [{ securityContext: { runAsNonRoot: true, runAsUser: 10001 } }] } });
    const existing: K8sObject = { kind: 'Pod', spec: { containers: [{ securityContext: { runAsUser: 0 } }] } };
    const both = setFieldsOperations(existing, path, { runAsNonRoot: true, runAsUser: 10001 });
    expect(apply(existing, both as Operation[])).toMatchObject({ spec: { containers: [{ securityContext: { runAsNonRoot: true, runAsUser: 10001 } }] } });
  });

  it('escapes label keys in pointers', () => {
    const namespace: K8sObject = { kind: 'Namespace', metadata: { name: 'shop' } };
    expect(addOperation(namespace, ['metadata', 'labels', 'pod-security.kubernetes.io/enforce'], 'baseline')).toEqual({
      op: 'add',
      path: '/metadata/labels',
      value: { 'pod-security.kubernetes.io/enforce': 'baseline' },
    });
  });
});

describe('listNames', () => {
  it('joins names for messages', () => {
    expect(listNames(['a'])).toBe('"a"');
    expect(listNames(['a', 'b', 'c'])).toBe('"a", "b" and "c"');
  });
});
