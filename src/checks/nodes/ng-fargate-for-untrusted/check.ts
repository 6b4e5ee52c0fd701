import type { K8sObject, Target } from '../../../model/index.js';
import type { InventoryView, Workload } from '../../../inventory/index.js';
import { compileGlobs } from '../../config/glob.js';
import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { clusterTarget, stringListOption } from '../../targets.js';
import { fargateProfileFor, nodeImdsData } from '../../../analysis/network/node-imds.js';
import { CALLS, missingReason } from '../../../analysis/nodes/aws-resources.js';

type IsolationTarget = (Target & { workload: Workload; cluster?: undefined }) | (Target & { cluster: true; workload?: undefined });

const DEFAULT_SANDBOX_HANDLERS = ['runsc', 'gvisor', 'kata', 'kata-*'];

function sandboxClasses(inventory: InventoryView, handlers: readonly string[]): K8sObject[] {
  const isSandbox = compileGlobs(handlers);
  return inventory.ofKind('RuntimeClass').filter((runtimeClass) => typeof runtimeClass.handler === 'string' && isSandbox(runtimeClass.handler));
}

function handlersOption(options: Record<string, unknown>): string[] {
  return options.sandboxHandlers === undefined ? DEFAULT_SANDBOX_HANDLERS : stringListOption(options, 'sandboxHandlers');
}

function fargateMissing(inventory: InventoryView): string | undefined {
  return inventory.aws?.eks?.fargateProfiles ? undefined : missingReason(inventory, [CALLS.listFargateProfiles, CALLS.describeFargateProfile]);
}

export const check = defineCheck<IsolationTarget, 'noIsolation' | 'shared'>({
  id: 'ng-fargate-for-untrusted',
  title: 'Untrusted workloads not isolated (Fargate/sandbox)',
  severity: 'info',
  area: 'nodes',
  needs: ['aws'],
  description:
    "Containers on one node share its kernel: a container escape from untrusted code (customer-supplied jobs, build runners, plugins) reaches every pod of the node and the node's credentials. EKS Fargate runs each pod in its own micro-VM with no shared kernel and no instance metadata; a sandboxed RuntimeClass (gVisor `runsc`, Kata Containers) interposes a kernel of its own. With the `untrustedNamespaces` option (globs), each workload in those namespaces passes when a Fargate profile selects it (DescribeFargateProfile selectors) or its `runtimeClassName` names a RuntimeClass whose handler is a sandbox (`sandboxHandlers` option, default runsc, gvisor, kata, kata-*). Without the option, the cluster is checked for having any such isolation available: a Fargate profile or a sandbox RuntimeClass. CIS EKS 1.2/1.4 5.6.1.",
  remediation:
    'Run untrusted workloads on Fargate (a Fargate profile selecting their namespace or labels) or in a sandboxed RuntimeClass on dedicated, tainted nodes; list their namespaces in `untrustedNamespaces` so eksguard checks each of them.',
  messages: {
    noIsolation:
      'Cluster {{cluster}} has no Fargate profile and no sandboxed RuntimeClass: untrusted code would share node kernels with other workloads (set untrustedNamespaces to check workloads individually)',
    shared: '{{kind}} {{name}} runs in untrusted namespace {{namespace}} on shared nodes: no Fargate profile selects it and {{runtime}}',
  },
  links: ['https://docs.aws.amazon.com/eks/latest/userguide/fargate.html', 'https://kubernetes.io/docs/concepts/containers/runtime-class/'],
  options: { untrustedNamespaces: [], sandboxHandlers: DEFAULT_SANDBOX_HANDLERS },
  targets: (inventory, options) => {
    const patterns = stringListOption(options, 'untrustedNamespaces');
    if (patterns.length === 0) return [{ ...clusterTarget(inventory), cluster: true }];
    const untrusted = compileGlobs(patterns);
    return inventory.workloads().filter((workload) => untrusted(workload.namespace)).map((workload) => ({ resource: workload.resource, object: workload.object, workload }));
  },
  evaluate(target, context) {
    const { inventory } = context;
    const sandboxes = sandboxClasses(inventory, handlersOption(context.options));
    const missing = fargateMissing(inventory);
    if (target.cluster) {
      if (sandboxes.length > 0 || (inventory.aws?.eks?.fargateProfiles ?? []).length > 0) return;
      if (missing) {
        context.notEvaluated(`No sandboxed RuntimeClass exists, and whether the cluster has Fargate profiles is unknown: ${missing}`);
        return;
      }
      context.fail('noIsolation', { cluster: inventory.source.cluster ?? inventory.aws?.eks?.cluster?.name ?? 'cluster' });
      return;
    }
    const { workload } = target;
    const className = workload.podSpec.runtimeClassName;
    const isSandbox = compileGlobs(handlersOption(context.options));
    if (className) {
      const runtimeClass = inventory.get('RuntimeClass', undefined, className);
      const handler = typeof runtimeClass?.handler === 'string' ? runtimeClass.handler : undefined;
      if (handler ? isSandbox(handler) : isSandbox(className)) return;
    }
    if (!missing && fargateProfileFor(nodeImdsData(inventory), workload)) return;
    const runtime = className
      ? `RuntimeClass ${className} is not a sandbox`
      : 'it sets no sandboxed runtimeClassName';
    if (missing) {
      context.notEvaluated(`${workload.resource.kind} ${workload.resource.name}: ${runtime}, and whether a Fargate profile selects it is unknown: ${missing}`);
      return;
    }
    const path = [...workload.podSpecPath, 'runtimeClassName'];
    const sandbox = sandboxes[0]?.metadata?.name;
    context.fail(
      'shared',
      { kind: workload.resource.kind, name: workload.resource.name, namespace: workload.namespace, runtime },
      {
        path,
        ...(sandbox && {
          fix: {
            kind: 'suggestion' as const,
            description: `Run it in the sandboxed RuntimeClass ${sandbox} (check that nodes with that handler can take it), or add a Fargate profile selecting it`,
            operations: [{ op: className ? ('replace' as const) : ('add' as const), path: toJsonPointer(path), value: sandbox }],
          },
        }),
      },
    );
  },
});
