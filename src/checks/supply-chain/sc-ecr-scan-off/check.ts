import type { EvidencePath } from '../../../model/index.js';
import { awsMissingReason } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { isMissing, repositoryTargets, scanFilterMatches, type MissingTarget, type RepositoryTarget, type ScanningRule } from './ecr-data.js';

function ruleFor(rules: readonly ScanningRule[], name: string, frequencies: readonly string[]): ScanningRule | undefined {
  return rules.find(
    (rule) => frequencies.includes(rule.scanFrequency ?? '') && (rule.repositoryFilters ?? []).some((filter) => scanFilterMatches(filter.filter ?? '', name)),
  );
}

/**
 * ECR scanning as the registry applies it (GetRegistryScanningConfiguration): with ENHANCED
 * scanning (Amazon Inspector) a repository is scanned only if a CONTINUOUS_SCAN or SCAN_ON_PUSH
 * rule's filter matches it, and the repository's own scanOnPush no longer counts; with BASIC
 * scanning a SCAN_ON_PUSH rule or the repository's own scanOnPush makes it scanned on push, and
 * anything else is scanned only when someone starts a scan.
 */
export const check = defineCheck<RepositoryTarget | MissingTarget, 'basic' | 'enhanced'>({
  id: 'sc-ecr-scan-off',
  title: 'ECR repository images are not scanned for vulnerabilities',
  severity: 'medium',
  area: 'supply-chain',
  needs: ['aws'],
  description:
    'Images pushed to a repository that no scan-on-push or continuous scanning rule covers are never checked for known vulnerabilities unless someone starts a scan by hand, so vulnerable images reach the cluster unnoticed.',
  remediation:
    'Turn on enhanced scanning (Amazon Inspector) with a continuous-scan rule for all repositories (`aws ecr put-registry-scanning-configuration --scan-type ENHANCED --rules \'[{"scanFrequency":"CONTINUOUS_SCAN","repositoryFilters":[{"filter":"*","filterType":"WILDCARD"}]}]\'`), or at least a basic scan-on-push rule with filter `*`.',
  messages: {
    basic: 'ECR repository {{name}} is not scanned on push: basic scanning, no SCAN_ON_PUSH rule matches it and its scanOnPush is {{scanOnPush}}',
    enhanced: 'ECR repository {{name}} is not scanned: enhanced scanning is on, but no CONTINUOUS_SCAN or SCAN_ON_PUSH rule filter matches it',
  },
  links: ['https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html', 'https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning-filters.html'],
  targets: (inventory) => repositoryTargets(inventory),
  evaluate(target, context) {
    if (isMissing(target)) {
      context.notEvaluated(target.missing);
      return;
    }
    const { repository, name } = target;
    const scanOnPush = repository.imageScanningConfiguration?.scanOnPush === true;
    const config = context.inventory.aws?.ecr?.registryScanningConfiguration;
    if (!config) {
      if (scanOnPush) return;
      context.notEvaluated(awsMissingReason(context.inventory, { service: 'ecr', operation: 'GetRegistryScanningConfiguration' }));
      return;
    }
    const rules = config.rules ?? [];
    const rulesPath: EvidencePath = ['registryScanningConfiguration', 'rules'];
    const addRule = {
      kind: 'suggestion' as const,
      description: `Add a scanning rule whose filter matches ${name} (or "*") to the registry scanning configuration`,
      operations: [{ op: 'add' as const, path: '/registryScanningConfiguration/rules/-', value: { scanFrequency: 'CONTINUOUS_SCAN', repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' }] } }],
    };
    if (config.scanType === 'ENHANCED') {
      if (ruleFor(rules, name, ['CONTINUOUS_SCAN', 'SCAN_ON_PUSH'])) return;
      context.fail('enhanced', { name }, { path: rulesPath, fix: addRule });
      return;
    }
    if (scanOnPush || ruleFor(rules, name, ['SCAN_ON_PUSH'])) return;
    context.fail(
      'basic',
      { name, scanOnPush: repository.imageScanningConfiguration?.scanOnPush === false ? 'false' : 'not set' },
      {
        path: ['imageScanningConfiguration', 'scanOnPush'],
        fix: {
          kind: 'suggestion',
          description: `Add a SCAN_ON_PUSH rule matching ${name} to the registry (basic scanning), or move the registry to enhanced scanning`,
          operations: [{ op: 'add', path: '/registryScanningConfiguration/rules/-', value: { scanFrequency: 'SCAN_ON_PUSH', repositoryFilters: [{ filter: '*', filterType: 'WILDCARD' }] } }],
        },
      },
    );
  },
});
