import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';

/** A program run by path or name, as a whole shell word: `sudo`, `/usr/sbin/sshd`, not `visudo` or `--no-sudo`. */
const PROGRAM = /(?:^|[\s;&|()`'"])(?:[^\s;&|()`'"]*\/)?(sudo|sshd|dropbear)(?=$|[\s;&|()`'"])/;

const SSH_PORT = 22;

export const check = defineCheck<Workload, 'sshPort' | 'sshName' | 'sudo' | 'sshServer'>({
  id: 'wl-ssh-or-sudo',
  title: 'SSH server or sudo in a container',
  severity: 'low',
  area: 'workload',
  admission: true,
  description:
    'An SSH server in a container is a second, unaudited way in that bypasses Kubernetes authentication and RBAC (kubectl exec is the audited path); sudo in the entrypoint means the image ships privilege escalation tooling and expects to become root.',
  remediation: 'Remove the SSH daemon and its port (use `kubectl exec` or ephemeral debug containers), and run the process as the user it needs instead of through sudo.',
  messages: {
    sshPort: 'Container "{{container}}" exposes port 22 (SSH)',
    sshName: 'Container "{{container}}" exposes a port named "{{name}}" ({{port}})',
    sudo: 'Container "{{container}}" runs sudo in its {{field}}',
    sshServer: 'Container "{{container}}" starts an SSH server ({{program}}) in its {{field}}',
  },
  links: ['https://kubernetes.io/docs/tasks/debug/debug-application/debug-running-pod/#ephemeral-container'],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    for (const { container, name, path } of workload.containers) {
      (container.ports ?? []).forEach((port, index) => {
        const protocol = port.protocol ?? 'TCP';
        if (port.containerPort === SSH_PORT && protocol === 'TCP') {
          context.fail('sshPort', { container: name }, { container: name, path: [...path, 'ports', index, 'containerPort'] });
        } else if (port.name?.toLowerCase() === 'ssh') {
          context.fail(
            'sshName',
            { container: name, name: port.name, port: port.containerPort ?? 'no number' },
            { container: name, path: [...path, 'ports', index, 'name'] },
          );
        }
      });
      for (const field of ['command', 'args'] as const) {
        (container[field] ?? []).forEach((word, index) => {
          const program = PROGRAM.exec(word)?.[1];
          if (program === undefined) return;
          const evidence = { container: name, path: [...path, field, index] };
          if (program === 'sudo') context.fail('sudo', { container: name, field }, evidence);
          else context.fail('sshServer', { container: name, field, program }, evidence);
        });
      }
    }
  },
});
