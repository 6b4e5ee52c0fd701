import type { Workload } from '../../../inventory/index.js';
import type { Fix } from '../../../model/index.js';
import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { listFailure } from '../../recovery/whole-cluster.js';

export const check = defineCheck<Workload, 'podTrue' | 'serviceAccountTrue' | 'serviceAccountUnset' | 'serviceAccountUnknown'>({
  id: 'wl-sa-token-automount',
  title: 'Service account token auto-mounted',
  severity: 'medium',
  area: 'workload',
  description:
    'Every container of a pod that automounts its service account token can call the Kubernetes API as that account: a compromised container inherits whatever RBAC the account holds. The pod spec\'s `automountServiceAccountToken` wins; when it is unset the ServiceAccount\'s decides, and when that is unset too the token is mounted.',
  remediation:
    'Set `automountServiceAccountToken: false` on the ServiceAccount (or the pod spec) of workloads that do not call the API; pods that do can mount a projected token explicitly.',
  messages: {
    podTrue: 'The pod spec sets automountServiceAccountToken: true, mounting the API token of ServiceAccount "{{serviceAccount}}"',
    serviceAccountTrue:
      'Pods mount the API token of ServiceAccount "{{serviceAccount}}": it sets automountServiceAccountToken: true and the pod spec does not override it',
    serviceAccountUnset:
      'Pods mount the API token of ServiceAccount "{{serviceAccount}}": neither it nor the pod spec sets automountServiceAccountToken: false',
    serviceAccountUnknown:
      'Pods mount the API token of ServiceAccount "{{serviceAccount}}": the pod spec does not set automountServiceAccountToken, and the ServiceAccount is not in the input (tokens are mounted by default)',
  },
  links: [
    'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting',
  ],
  targets: (inventory) => inventory.workloads(),
  evaluate(workload, context) {
    const { podSpec } = workload;
    const serviceAccount = podSpec.serviceAccountName || podSpec.serviceAccount || 'default';
    const path = [...workload.podSpecPath, 'automountServiceAccountToken'];
    const data = { serviceAccount };
    const fix = (op: 'add' | 'replace'): Fix => ({
      // Not blindly safe: a workload that calls the API (operators, controllers) stops working.
      kind: 'suggestion',
      description: 'Do not mount the service account token',
      operations: [{ op, path: toJsonPointer(path), value: false }],
    });
    if (podSpec.automountServiceAccountToken === false) return;
    if (podSpec.automountServiceAccountToken === true) {
      context.fail('podTrue', data, { path, fix: fix('replace') });
      return;
    }
    const account = context.inventory.get('ServiceAccount', workload.namespace, serviceAccount);
    if (account) {
      const setting = account.automountServiceAccountToken;
      if (setting === false) return;
      context.fail(setting === true ? 'serviceAccountTrue' : 'serviceAccountUnset', data, { path, fix: fix('add') });
      return;
    }
    const failure = listFailure(context.inventory, '', 'serviceaccounts');
    if (failure) {
      context.notEvaluated(
        `ServiceAccount "${serviceAccount}" decides whether the token is mounted, and ServiceAccounts were not collected: ${failure}`,
        { path },
      );
      return;
    }
    context.fail('serviceAccountUnknown', data, { path, fix: fix('add') });
  },
});
