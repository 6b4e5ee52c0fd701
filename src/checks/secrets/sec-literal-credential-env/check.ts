import type { Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { detectCredentials } from '../credential-detector.js';

export const check = defineCheck<Workload, 'literal'>({
  id: 'sec-literal-credential-env',
  title: 'Literal credential in an environment variable',
  severity: 'high',
  area: 'secrets',
  admission: true,
  description:
    'A credential written as an env `value` lives in clear in the workload spec: in Git, in Helm release history, in `kubectl get -o yaml` for anyone who can read the workload (a far wider audience than Secret readers), and in every audit log and backup. Recognised: provider tokens (AWS, GitHub, GitLab, Slack, Stripe, Google, npm), JWTs, private keys, passwords in connection strings, and values of password/secret/token/key variables; references such as `$(VAR)`, placeholders and documentation samples are not reported. The value is never printed, only a masked form.',
  remediation:
    'Revoke and rotate the credential (it is disclosed), store the new one in a Secret or a secrets manager, and reference it with `valueFrom.secretKeyRef` or a mounted volume; interpolate it into URLs with `$(VAR)`.',
  messages: {
    literal: 'Container "{{container}}" sets {{name}} to a literal {{label}} ({{masked}}){{more}}',
  },
  links: ['https://kubernetes.io/docs/concepts/security/secrets-good-practices/'],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    for (const { container, name, path } of workload.containers) {
      (container.env ?? []).forEach((variable, index) => {
        if (typeof variable.value !== 'string') return;
        const findings = detectCredentials(variable.name, variable.value);
        const [first] = findings;
        if (!first) return;
        const envPath = [...path, 'env', index];
        const more = findings.length > 1 ? `, and ${findings.length - 1} more` : '';
        context.fail(
          'literal',
          { container: name, name: variable.name ?? `env[${index}]`, label: first.label, masked: first.masked, more },
          {
            container: name,
            path: [...envPath, 'value'],
            fix: {
              kind: 'suggestion',
              description: `Create a Secret holding the rotated value, then read ${variable.name ?? 'it'} from it`,
              operations: [
                { op: 'remove', path: toJsonPointer([...envPath, 'value']) },
                {
                  op: 'add',
                  path: toJsonPointer([...envPath, 'valueFrom']),
                  value: { secretKeyRef: { name: `${workload.resource.name}-credentials`, key: variable.name ?? 'value' } },
                },
              ],
            },
          },
        );
      });
    }
  },
});
