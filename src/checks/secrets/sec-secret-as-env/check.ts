import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';

export const check = defineCheck<Workload, 'secretKeyRef' | 'secretRef'>({
  id: 'sec-secret-as-env',
  title: 'Secret consumed as environment variable',
  severity: 'low',
  area: 'secrets',
  admission: true,
  description:
    'Environment variables leak more easily than files: they are inherited by every child process, dumped into crash reports and debug endpoints, visible in /proc/<pid>/environ to anything sharing the PID namespace, and fixed for the life of the container, so a rotated Secret never arrives.',
  remediation:
    'Mount the Secret as a volume (read-only, with restrictive `defaultMode`) and have the application read the file, or fetch it from a secrets manager at runtime.',
  messages: {
    secretKeyRef: 'Container "{{container}}" reads key "{{key}}" of Secret "{{secret}}" into env var {{name}}',
    secretRef: 'Container "{{container}}" loads every key of Secret "{{secret}}" into env vars{{prefix}}',
  },
  links: ['https://kubernetes.io/docs/concepts/security/secrets-good-practices/'],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    for (const { container, name, path } of workload.containers) {
      (container.env ?? []).forEach((variable, index) => {
        const reference = variable.valueFrom?.secretKeyRef;
        if (!reference) return;
        context.fail(
          'secretKeyRef',
          { container: name, name: variable.name ?? '?', secret: reference.name ?? '?', key: reference.key ?? '?' },
          { container: name, path: [...path, 'env', index, 'valueFrom', 'secretKeyRef'] },
        );
      });
      (container.envFrom ?? []).forEach((source, index) => {
        if (!source.secretRef) return;
        const prefix = source.prefix ? ` (prefixed "${source.prefix}")` : '';
        context.fail(
          'secretRef',
          { container: name, secret: source.secretRef.name ?? '?', prefix },
          { container: name, path: [...path, 'envFrom', index, 'secretRef'] },
        );
      });
    }
  },
});
