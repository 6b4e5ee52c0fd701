import { describe, expect, it } from 'vitest';
import type { Container, PodSpec } from '../../model/index.js';
import { formatPath } from '../../inventory/evidence-path.js';
import { namespacePolicy, parsePolicyVersion } from './psa-labels.js';
import { LATEST_POLICY_VERSION, canonicalSysctlName, safeSysctls, type PolicyVersion, type PssLevel } from './pss-catalogue.js';
import { evaluatePodSecurity, podSecurityLevelOf, type PssViolation } from './pss-levels.js';

/** A pod that meets restricted; cases change one thing at a time. */
const hardened = (): Container => ({
  name: 'app',
  image: 'registry.example.com/app:1.4.2',
  securityContext: {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
  },
});

const restrictedPod = (overrides: Partial<PodSpec> = {}, containers: Container[] = [hardened()]): PodSpec => ({
  securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
  containers,
  ...overrides,
});

const v = (minor: number): PolicyVersion => ({ minor, latest: false });

function check(podSpec: PodSpec, level: PssLevel, version?: PolicyVersion, annotations?: Record<string, string>): PssViolation[] {
  return evaluatePodSecurity({ podSpec, podMetadata: annotations ? { annotations } : {} }, level, version);
}

const summary = (violations: PssViolation[]): string[] =>
  violations.map((violation) => `${violation.control}@${formatPath(violation.path)}`);

describe('restricted-compliant pod', () => {
  it('has no violation at any level', () => {
    expect(check(restrictedPod(), 'restricted')).toEqual([]);
    expect(check(restrictedPod(), 'baseline')).toEqual([]);
    expect(podSecurityLevelOf({ podSpec: restrictedPod() })).toBe('restricted');
  });

  it('privileged allows anything', () => {
    expect(check({ hostPID: true, containers: [{ name: 'x', securityContext: { privileged: true } }] }, 'privileged')).toEqual([]);
  });

  it('a default pod meets baseline but not restricted', () => {
    const pod: PodSpec = { containers: [{ name: 'web', image: 'nginx' }] };
    expect(check(pod, 'baseline')).toEqual([]);
    expect(podSecurityLevelOf({ podSpec: pod })).toBe('baseline');
    expect(summary(check(pod, 'restricted'))).toEqual([
      'privilege-escalation@spec.containers[0].securityContext.allowPrivilegeEscalation',
      'running-as-non-root@spec.securityContext.runAsNonRoot',
      'restricted-seccomp@spec.securityContext.seccompProfile',
      'restricted-capabilities@spec.containers[0].securityContext.capabilities.drop',
    ]);
  });
});

describe('baseline controls', () => {
  it('host namespaces, each field on its own', () => {
    expect(summary(check({ hostNetwork: true, hostPID: true, hostIPC: false, containers: [] }, 'baseline'))).toEqual([
      'host-namespaces@spec.hostNetwork',
      'host-namespaces@spec.hostPID',
    ]);
  });

  it('privileged containers in every container list', () => {
    const violations = check({
      containers: [{ name: 'a', securityContext: { privileged: false } }],
      initContainers: [{ name: 'init', securityContext: { privileged: true } }],
      ephemeralContainers: [{ name: 'debug', securityContext: { privileged: true } }],
    }, 'baseline');
    expect(violations.map((violation) => violation.container)).toEqual(['init', 'debug']);
    expect(violations.every((violation) => violation.control === 'privileged-containers')).toBe(true);
  });

  it('capabilities outside the baseline set, compared exactly', () => {
    const violations = check({ containers: [{ name: 'a', securityContext: { capabilities: { add: ['NET_BIND_SERVICE', 'CHOWN', 'NET_RAW', 'CAP_CHOWN', 'SYS_ADMIN'] } } }] }, 'baseline');
    expect(violations.map((violation) => violation.detail)).toEqual([
      'adds capability "NET_RAW"',
      'adds capability "CAP_CHOWN"',
      'adds capability "SYS_ADMIN"',
    ]);
    expect(formatPath(violations[0]?.path ?? [])).toBe('spec.containers[0].securityContext.capabilities.add[2]');
  });

  it('hostPath volumes and host ports', () => {
    const violations = check({
      volumes: [{ name: 'logs', hostPath: { path: '/var/log' } }, { name: 'tmp', emptyDir: {} }],
      containers: [{ name: 'a', ports: [{ containerPort: 80, hostPort: 0 }, { containerPort: 443, hostPort: 8443 }] }],
    }, 'baseline');
    expect(summary(violations)).toEqual(['hostpath-volumes@spec.volumes[0].hostPath', 'host-ports@spec.containers[0].ports[1].hostPort']);
  });

  it('host in probes and lifecycle hooks from v1.34 only', () => {
    const pod: PodSpec = {
      containers: [{
        name: 'a',
        livenessProbe: { httpGet: { path: '/healthz', port: 8080, host: '169.254.169.254' } },
        readinessProbe: { tcpSocket: { port: 8080, host: '' } },
        lifecycle: { preStop: { httpGet: { path: '/', port: 80, host: '10.0.0.1' } } },
      }],
    };
    expect(summary(check(pod, 'baseline'))).toEqual([
      'host-probes-lifecycle@spec.containers[0].livenessProbe.httpGet.host',
      'host-probes-lifecycle@spec.containers[0].lifecycle.preStop.httpGet.host',
    ]);
    expect(check(pod, 'baseline', v(33))).toEqual([]);
  });

  it('AppArmor fields and legacy annotations', () => {
    const pod: PodSpec = {
      securityContext: { appArmorProfile: { type: 'Unconfined' } },
      containers: [{ name: 'a', securityContext: { appArmorProfile: { type: 'Localhost', localhostProfile: 'k8s-nginx' } } }, { name: 'b' }],
    };
    const violations = check(pod, 'baseline', undefined, {
      'container.apparmor.security.beta.kubernetes.io/b': 'unconfined',
      'container.apparmor.security.beta.kubernetes.io/a': 'localhost/k8s-nginx',
    });
    expect(summary(violations)).toEqual([
      'apparmor@spec.securityContext.appArmorProfile.type',
      'apparmor@metadata.annotations["container.apparmor.security.beta.kubernetes.io/b"]',
    ]);
    expect(violations[1]?.container).toBe('b');
  });

  it('SELinux type by version, user and role never', () => {
    const pod: PodSpec = {
      securityContext: { seLinuxOptions: { type: 'container_engine_t', level: 's0:c1,c2' } },
      containers: [{ name: 'a', securityContext: { seLinuxOptions: { type: 'spc_t', user: 'system_u', role: 'system_r' } } }],
    };
    expect(summary(check(pod, 'baseline'))).toEqual([
      'selinux@spec.containers[0].securityContext.seLinuxOptions.type',
      'selinux@spec.containers[0].securityContext.seLinuxOptions.user',
      'selinux@spec.containers[0].securityContext.seLinuxOptions.role',
    ]);
    expect(summary(check(pod, 'baseline', v(30)))[0]).toBe('selinux@spec.securityContext.seLinuxOptions.type');
  });

  it('procMount: baseline relaxes user-namespace pods from v1.35, restricted never', () => {
    const unmasked: Container = { ...hardened(), securityContext: { ...hardened().securityContext, procMount: 'Unmasked' } };
    const plain: PodSpec = { containers: [unmasked] };
    expect(summary(check(plain, 'baseline'))).toEqual(['proc-mount@spec.containers[0].securityContext.procMount']);
    const userns: PodSpec = { hostUsers: false, containers: [unmasked] };
    expect(check(userns, 'baseline')).toEqual([]);
    expect(summary(check(userns, 'baseline', v(34)))).toEqual(['proc-mount@spec.containers[0].securityContext.procMount']);
    const restricted = check(restrictedPod({ hostUsers: false }, [unmasked]), 'restricted');
    expect(restricted).toMatchObject([{ control: 'proc-mount', level: 'restricted', container: 'app' }]);
  });

  it('seccomp: Unconfined forbidden, unset allowed', () => {
    const pod: PodSpec = { containers: [{ name: 'a', securityContext: { seccompProfile: { type: 'Unconfined' } } }, { name: 'b' }] };
    expect(summary(check(pod, 'baseline'))).toEqual(['seccomp@spec.containers[0].securityContext.seccompProfile.type']);
  });

  it('seccomp before v1.19 reads the alpha annotations', () => {
    const pod: PodSpec = { containers: [{ name: 'a', securityContext: { seccompProfile: { type: 'Unconfined' } } }] };
    const violations = check(pod, 'baseline', v(18), { 'container.seccomp.security.alpha.kubernetes.io/a': 'unconfined' });
    expect(violations).toMatchObject([{ control: 'seccomp', container: 'a' }]);
  });

  it('sysctls by version, compared as written (admission rejects the / spelling)', () => {
    const pod: PodSpec = {
      securityContext: { sysctls: [{ name: 'net.ipv4.tcp_keepalive_time', value: '60' }, { name: 'net/ipv4/ip_local_port_range', value: '1024 65000' }, { name: 'kernel.msgmax', value: '65536' }] },
      containers: [],
    };
    expect(summary(check(pod, 'baseline'))).toEqual(['sysctls@spec.securityContext.sysctls[1].name', 'sysctls@spec.securityContext.sysctls[2].name']);
    expect(summary(check(pod, 'baseline', v(28)))).toEqual([
      'sysctls@spec.securityContext.sysctls[0].name',
      'sysctls@spec.securityContext.sysctls[1].name',
      'sysctls@spec.securityContext.sysctls[2].name',
    ]);
  });

  it('HostProcess at pod and container level', () => {
    const pod: PodSpec = {
      securityContext: { windowsOptions: { hostProcess: true } },
      containers: [{ name: 'a', securityContext: { windowsOptions: { hostProcess: true } } }],
    };
    expect(summary(check(pod, 'baseline'))).toEqual([
      'host-process@spec.securityContext.windowsOptions.hostProcess',
      'host-process@spec.containers[0].securityContext.windowsOptions.hostProcess',
    ]);
  });
});

describe('restricted controls', () => {
  it('volume types replace the hostPath control', () => {
    const pod = restrictedPod({
      volumes: [
        { name: 'cfg', configMap: { name: 'cfg' } },
        { name: 'img', image: { reference: 'registry.example.com/models:1' } },
        { name: 'logs', hostPath: { path: '/var/log' } },
        { name: 'share', nfs: { server: 'nfs', path: '/export' } },
      ],
    });
    expect(summary(check(pod, 'restricted'))).toEqual(['volume-types@spec.volumes[2].hostPath', 'volume-types@spec.volumes[3].nfs']);
    expect(summary(check(pod, 'baseline'))).toEqual(['hostpath-volumes@spec.volumes[2].hostPath']);
  });

  it('privilege escalation must be false on every container', () => {
    const pod = restrictedPod({}, [
      hardened(),
      { name: 'b', securityContext: { allowPrivilegeEscalation: true, capabilities: { drop: ['ALL'] } } },
      { name: 'c', securityContext: { capabilities: { drop: ['ALL'] } } },
    ]);
    expect(check(pod, 'restricted').map((violation) => `${violation.control}:${violation.container ?? ''}`)).toEqual([
      'privilege-escalation:b',
      'privilege-escalation:c',
    ]);
  });

  it('runAsNonRoot: the container overrides the pod, explicit false reported where set', () => {
    const pod: PodSpec = {
      securityContext: { runAsNonRoot: false, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [hardened(), { ...hardened(), name: 'b', securityContext: { ...hardened().securityContext, runAsNonRoot: true } }],
    };
    expect(check(pod, 'restricted')).toMatchObject([{ control: 'running-as-non-root', path: ['spec', 'securityContext', 'runAsNonRoot'], containers: ['app'] }]);
    const containerLevel = restrictedPod({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }, [
      { ...hardened(), securityContext: { ...hardened().securityContext, runAsNonRoot: true } },
      { ...hardened(), name: 'b' },
    ]);
    expect(summary(check(containerLevel, 'restricted'))).toEqual(['running-as-non-root@spec.containers[1].securityContext.runAsNonRoot']);
  });

  it('runAsUser 0 forbidden from v1.23; user namespaces relax both from v1.35', () => {
    const pod = restrictedPod({}, [{ ...hardened(), securityContext: { ...hardened().securityContext, runAsUser: 0 } }]);
    expect(summary(check(pod, 'restricted'))).toEqual(['running-as-non-root-user@spec.containers[0].securityContext.runAsUser']);
    expect(check(pod, 'restricted', v(22))).toEqual([]);
    const userns: PodSpec = { hostUsers: false, securityContext: { runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } }, containers: [hardened()] };
    expect(check(userns, 'restricted')).toEqual([]);
    expect(summary(check(userns, 'restricted', v(34)))).toEqual([
      'running-as-non-root@spec.securityContext.runAsNonRoot',
      'running-as-non-root-user@spec.securityContext.runAsUser',
    ]);
  });

  it('seccomp: required at pod or container level, and replaces the baseline control', () => {
    const podUnconfined = restrictedPod({ securityContext: { runAsNonRoot: true, seccompProfile: { type: 'Unconfined' } } }, [
      { ...hardened(), securityContext: { ...hardened().securityContext, seccompProfile: { type: 'RuntimeDefault' } } },
    ]);
    expect(summary(check(podUnconfined, 'restricted'))).toEqual(['restricted-seccomp@spec.securityContext.seccompProfile.type']);
    const partly = restrictedPod({ securityContext: { runAsNonRoot: true } }, [
      { ...hardened(), securityContext: { ...hardened().securityContext, seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } } },
      { ...hardened(), name: 'b' },
    ]);
    expect(check(partly, 'restricted')).toMatchObject([{ control: 'restricted-seccomp', container: 'b', path: ['spec', 'containers', 1, 'securityContext', 'seccompProfile'] }]);
  });

  it('capabilities: drop ALL required, only NET_BIND_SERVICE added', () => {
    const pod = restrictedPod({}, [
      { ...hardened(), securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['all'], add: ['NET_BIND_SERVICE', 'CHOWN'] } } },
    ]);
    expect(summary(check(pod, 'restricted'))).toEqual([
      'restricted-capabilities@spec.containers[0].securityContext.capabilities.drop',
      'restricted-capabilities@spec.containers[0].securityContext.capabilities.add[1]',
    ]);
    expect(check(pod, 'baseline')).toEqual([]);
  });

  it('exempts Windows pods from Linux-only restricted controls from v1.25', () => {
    const windows: PodSpec = { os: { name: 'windows' }, securityContext: { runAsNonRoot: true }, containers: [{ name: 'iis' }] };
    expect(check(windows, 'restricted')).toEqual([]);
    expect(check(windows, 'restricted', v(24)).map((violation) => violation.control)).toEqual([
      'privilege-escalation',
      'restricted-seccomp',
      'restricted-capabilities',
    ]);
  });

  it('paths follow the pod template of a workload', () => {
    const violations = evaluatePodSecurity(
      { podSpec: { hostPID: true, containers: [] }, podSpecPath: ['spec', 'template', 'spec'], podMetadataPath: ['spec', 'template', 'metadata'] },
      'baseline',
    );
    expect(summary(violations)).toEqual(['host-namespaces@spec.template.spec.hostPID']);
  });
});

describe('policy versions and namespace labels', () => {
  it('parses versions as the admission controller does', () => {
    expect(parsePolicyVersion('latest')).toEqual(LATEST_POLICY_VERSION);
    expect(parsePolicyVersion('v1.29')).toEqual({ minor: 29, latest: false });
    expect(parsePolicyVersion('v1.99')?.latest).toBe(false);
    expect(parsePolicyVersion('1.29')).toBeUndefined();
    expect(parsePolicyVersion('v1.029')).toBeUndefined();
  });

  it('resolves the enforce policy of a namespace', () => {
    expect(namespacePolicy({}, 'enforce')).toBeUndefined();
    expect(namespacePolicy({ 'pod-security.kubernetes.io/enforce': 'baseline' }, 'enforce')).toEqual({ level: 'baseline', version: LATEST_POLICY_VERSION, problems: [] });
    expect(namespacePolicy({ 'pod-security.kubernetes.io/warn': 'restricted', 'pod-security.kubernetes.io/warn-version': 'v1.28' }, 'warn')).toMatchObject({ level: 'restricted', version: { minor: 28 } });
  });

  it('falls back to restricted at latest on unparsable labels', () => {
    const policy = namespacePolicy({ 'pod-security.kubernetes.io/enforce': 'Baseline' }, 'enforce');
    expect(policy).toMatchObject({ level: 'restricted', version: LATEST_POLICY_VERSION });
    expect(policy?.problems).toHaveLength(1);
    expect(namespacePolicy({ 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'v2.0' }, 'enforce')?.level).toBe('restricted');
  });

  it('lists safe sysctls per version and canonicalises slash names', () => {
    expect(safeSysctls(v(22)).size).toBe(5);
    expect(safeSysctls().has('net.ipv4.tcp_rmem')).toBe(true);
    expect(canonicalSysctlName('net/ipv4/conf/eno2.100/rp_filter')).toBe('net.ipv4.conf.eno2/100.rp_filter');
  });
});
