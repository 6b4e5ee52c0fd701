import { describe, expect, it } from 'vitest';
import { podTemplateOf } from '../../inventory/index.js';
import { formatPath } from '../../inventory/evidence-path.js';
import { canonicalRunPath, hostPathMounts, normalizeHostPath, relationTo, runtimeSocketIn } from './host-paths.js';

describe('normalizeHostPath', () => {
  it('collapses separators, dots and trailing slashes', () => {
    expect(normalizeHostPath('//var/./lib/../log/')).toBe('/var/log');
    expect(normalizeHostPath('/')).toBe('/');
    expect(normalizeHostPath('/../..')).toBe('/');
    expect(normalizeHostPath('etc')).toBe('/etc');
  });
});

describe('relationTo', () => {
  it('tells same, inside and containing paths apart', () => {
    expect(relationTo('/etc', '/etc')).toBe('same');
    expect(relationTo('/etc/kubernetes', '/etc')).toBe('inside');
    expect(relationTo('/var', '/var/lib/kubelet')).toBe('contains');
    expect(relationTo('/', '/etc')).toBe('contains');
    expect(relationTo('/etcetera', '/etc')).toBeUndefined();
    expect(relationTo('/var/lib/kubeletx', '/var/lib/kubelet')).toBeUndefined();
  });
});

describe('runtime sockets', () => {
  it('treats /var/run as /run', () => {
    expect(canonicalRunPath('/var/run/docker.sock')).toBe('/run/docker.sock');
    expect(canonicalRunPath('/var/runner')).toBe('/var/runner');
  });

  it('finds sockets and the directories holding them', () => {
    expect(runtimeSocketIn('/var/run/containerd/containerd.sock')).toMatchObject({ relation: 'same', socket: { runtime: 'containerd' } });
    expect(runtimeSocketIn('/run/containerd')).toMatchObject({ relation: 'contains', socket: { runtime: 'containerd' } });
    expect(runtimeSocketIn('/var/run/crio/crio.sock')).toMatchObject({ relation: 'same', socket: { runtime: 'CRI-O' } });
    expect(runtimeSocketIn('/var/lib/containerd')).toBeUndefined();
  });
});

describe('hostPathMounts', () => {
  it('joins subPath and keeps read-only and paths per mount', () => {
    const template = podTemplateOf({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        volumes: [{ name: 'host', hostPath: { path: '/' } }, { name: 'tmp', emptyDir: {} }],
        containers: [
          {
            name: 'agent',
            volumeMounts: [
              { name: 'host', mountPath: '/host/etc', subPath: 'etc', readOnly: true },
              { name: 'tmp', mountPath: '/tmp' },
            ],
          },
        ],
      },
    });
    if (!template) throw new Error('no template');
    const mounts = hostPathMounts(template);
    expect(mounts).toHaveLength(1);
    expect(mounts[0]).toMatchObject({ effectiveHostPath: '/etc', readOnly: true, mountPath: '/host/etc' });
    expect(formatPath(mounts[0]?.path ?? [])).toBe('spec.containers[0].volumeMounts[0]');
    expect(formatPath(mounts[0]?.volume.path ?? [])).toBe('spec.volumes[0].hostPath.path');
  });
});
