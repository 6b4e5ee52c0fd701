import type { EvidencePath } from '../../../model/index.js';
import { defineCheck } from '../../define-check.js';
import { listFailure } from '../../recovery/whole-cluster.js';
import { objectTargets, type ObjectTarget } from '../../targets.js';
import { detectCredentials } from '../credential-detector.js';

/** binaryData decoded as text when it is text (an `.env` or properties file stored as bytes). */
function decodeText(base64: string): string | undefined {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function stringEntries(value: unknown): Array<[string, string]> {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
}

export const check = defineCheck<ObjectTarget, 'credential'>({
  id: 'sec-credential-in-configmap',
  title: 'Credential stored in a ConfigMap',
  severity: 'high',
  area: 'secrets',
  admission: true,
  description:
    'ConfigMaps are not treated as secret: they are readable by far more subjects (many roles grant configmaps but not secrets), not encrypted with the Secrets KMS key, printed by tooling and committed to Git. Each key is checked under its own name and, for file-like values, line by line (YAML, JSON, properties, env files, XML, JVM flags); binaryData is checked when it decodes to text. The value is never printed, only a masked form.',
  remediation:
    'Revoke and rotate the credential, move the new one into a Secret (or a secrets manager via the Secrets Store CSI driver / External Secrets) and reference it from the configuration.',
  messages: {
    credential: 'ConfigMap key "{{key}}" holds a literal {{label}} ({{masked}}){{where}}{{more}}',
  },
  links: ['https://kubernetes.io/docs/concepts/configuration/configmap/'],
  requires: (inventory) => listFailure(inventory, '', 'configmaps'),
  targets: (inventory) => objectTargets(inventory, 'ConfigMap'),
  evaluate(target, context) {
    const entries: Array<[EvidencePath, string, string]> = [
      ...stringEntries(target.object.data).map(([key, value]): [EvidencePath, string, string] => [['data', key], key, value]),
      ...stringEntries(target.object.binaryData).flatMap(([key, base64]): Array<[EvidencePath, string, string]> => {
        const text = decodeText(base64);
        return text === undefined ? [] : [[['binaryData', key], key, text]];
      }),
    ];
    for (const [path, key, value] of entries) {
      const findings = detectCredentials(key, value);
      const [first] = findings;
      if (!first) continue;
      const multiLine = value.replace(/(\r?\n)+$/, '').includes('\n');
      context.fail(
        'credential',
        {
          key,
          label: first.label,
          masked: first.masked,
          where: multiLine ? ` on line ${first.line}${first.name && first.name !== key ? ` (${first.name})` : ''}` : '',
          more: findings.length > 1 ? `, and ${findings.length - 1} more` : '',
        },
        { path },
      );
    }
  },
});
