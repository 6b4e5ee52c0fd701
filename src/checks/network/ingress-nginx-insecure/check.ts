import { refOf, type ContainerRef, type Workload } from '../../../inventory/index.js';
import type { K8sObject, Target } from '../../../model/index.js';
import { defineCheck, type CheckContext } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { formatVersion } from '../../../analysis/network/image-ref.js';
import {
  advisoriesAffecting,
  controllerVersion,
  isIngressNginxImage,
  RETIREMENT,
  SNIPPET_ANNOTATIONS,
} from '../ingress-nginx.js';
import { ingressClassOf } from '../../../analysis/network/load-balancers.js';

type NginxTarget = Target &
  (
    | { role: 'ingress'; object: K8sObject }
    | { role: 'controller'; object: K8sObject; workload: Workload }
    | { role: 'configmap'; object: K8sObject }
  );

type MessageId = 'snippet' | 'allowSnippets' | 'vulnerable' | 'retired' | 'unknownVersion';

const ALLOW_SNIPPETS = 'allow-snippet-annotations';

function prefixOption(options: Record<string, unknown>): string {
  return typeof options.annotationPrefix === 'string' ? options.annotationPrefix : 'nginx.ingress.kubernetes.io';
}

/** Whether the controller configuration explicitly refuses snippets (and none allows them). */
function snippetsRefused(context: CheckContext<MessageId>): boolean {
  const { inventory } = context;
  return inventory.cached('network:nginx-snippets-refused', () => {
    const values = inventory
      .ofKind('ConfigMap')
      .map((configMap) => (configMap.data as Record<string, string> | undefined)?.[ALLOW_SNIPPETS])
      .filter((value): value is string => value !== undefined);
    return values.length > 0 && values.every((value) => value === 'false');
  });
}

function controllerContainers(workload: Workload): ContainerRef[] {
  return workload.containers.filter((ref) => ref.container.image !== undefined && isIngressNginxImage(ref.container.image));
}

function evaluateController(workload: Workload, context: CheckContext<MessageId>): void {
  for (const ref of controllerContainers(workload)) {
    const image = ref.container.image ?? '';
    const path = [...ref.path, 'image'];
    const version = controllerVersion(image);
    if (!version) {
      if (context.options.reportRetired === false) {
        context.notEvaluated(`Container "${ref.name}" runs ingress-nginx from "${image}", whose version the tag does not tell`, {
          container: ref.name,
          path,
        });
      } else {
        context.fail('unknownVersion', { container: ref.name, image, retirement: RETIREMENT }, { container: ref.name, path, severity: 'medium' });
      }
      continue;
    }
    const affected = advisoriesAffecting(version);
    if (affected.length > 0) {
      context.fail(
        'vulnerable',
        {
          container: ref.name,
          version: formatVersion(version),
          advisories: affected.map((advisory) => `${advisory.ids.join('/')} (${advisory.summary})`).join('; '),
          fixed: [...new Set(affected.flatMap((advisory) => advisory.fixed))].join(', '),
          retirement: RETIREMENT,
        },
        { container: ref.name, path },
      );
    } else if (context.options.reportRetired !== false) {
      context.fail(
        'retired',
        { container: ref.name, version: formatVersion(version), retirement: RETIREMENT },
        { container: ref.name, path, severity: 'medium' },
      );
    }
  }
}

export const check = defineCheck<NginxTarget, MessageId>({
  id: 'ingress-nginx-insecure',
  title: 'Insecure ingress-nginx (snippets, vulnerable or retired controller)',
  severity: 'high',
  area: 'network',
  description:
    'ingress-nginx pastes snippet annotations (`nginx.ingress.kubernetes.io/configuration-snippet`, `server-snippet`, `auth-snippet`, `stream-snippet`, `modsecurity-snippet`) into its NGINX configuration: anyone who can edit an Ingress can run code in the controller and read every Secret it can (CVE-2021-25742). Ingresses of another controller class, and clusters whose controller ConfigMap sets `allow-snippet-annotations: "false"` everywhere, are not reported for annotations; a ConfigMap that sets it to "true" is. Controller images (`ingress-nginx/controller`, `nginx-ingress-controller`) are matched against the published advisories: CVE-2025-1974 "IngressNightmare" and its siblings (fixed in v1.11.5 and v1.12.1), CVE-2026-24512 (v1.13.7, v1.14.3) and CVE-2026-3288 (v1.13.8, v1.14.4, v1.15.0). The project was retired in March 2026, so even an unaffected controller is reported (medium) unless option `reportRetired` is false.',
  remediation:
    'Remove snippet annotations and keep `allow-snippet-annotations: "false"`; upgrade the controller to the last release of its line, and plan the migration to a maintained controller or the Gateway API, as ingress-nginx receives no more fixes.',
  messages: {
    snippet:
      'Ingress sets {{annotation}}: ingress-nginx pastes it into the NGINX configuration, so whoever can edit Ingresses can run code in the controller and read the Secrets it can',
    allowSnippets: 'ConfigMap enables allow-snippet-annotations: every Ingress author can inject NGINX configuration into the controller',
    vulnerable:
      'Container "{{container}}" runs ingress-nginx {{version}}, affected by {{advisories}}; fixed in {{fixed}}, and {{retirement}}',
    retired: 'Container "{{container}}" runs ingress-nginx {{version}}: {{retirement}}',
    unknownVersion: 'Container "{{container}}" runs ingress-nginx from "{{image}}" (version not in the tag): {{retirement}}',
  },
  links: [
    'https://kubernetes.io/blog/2025/03/24/ingress-nginx-cve-2025-1974/',
    'https://kubernetes.io/blog/2025/11/11/ingress-nginx-retirement/',
    'https://github.com/kubernetes/kubernetes/issues/126811',
  ],
  options: { annotationPrefix: 'nginx.ingress.kubernetes.io', reportRetired: true },
  targets: (inventory) => {
    const targets: NginxTarget[] = [];
    for (const ingress of inventory.ofKind('Ingress')) {
      const controller = ingressClassOf(ingress, inventory).controller;
      if (controller === undefined || controller === 'k8s.io/ingress-nginx') {
        targets.push({ role: 'ingress', resource: refOf(ingress), object: ingress });
      }
    }
    for (const workload of inventory.workloads()) {
      if (controllerContainers(workload).length > 0) {
        targets.push({ role: 'controller', resource: workload.resource, object: workload.object, workload });
      }
    }
    for (const configMap of inventory.ofKind('ConfigMap')) {
      if ((configMap.data as Record<string, string> | undefined)?.[ALLOW_SNIPPETS] !== undefined) {
        targets.push({ role: 'configmap', resource: refOf(configMap), object: configMap });
      }
    }
    return targets;
  },
  evaluate(target, context) {
    if (target.role === 'controller') {
      evaluateController(target.workload, context);
      return;
    }
    if (target.role === 'configmap') {
      if ((target.object.data as Record<string, string>)[ALLOW_SNIPPETS] !== 'true') return;
      const path = ['data', ALLOW_SNIPPETS];
      context.fail('allowSnippets', {}, {
        path,
        fix: {
          kind: 'suggestion',
          description: 'Refuse snippet annotations (remove them from Ingresses first)',
          operations: [{ op: 'replace', path: toJsonPointer(path), value: 'false' }],
        },
      });
      return;
    }
    if (snippetsRefused(context)) return;
    const prefix = prefixOption(context.options);
    for (const key of Object.keys(target.object.metadata?.annotations ?? {})) {
      const suffix = key.startsWith(`${prefix}/`) ? key.slice(prefix.length + 1) : undefined;
      if (!suffix || !(SNIPPET_ANNOTATIONS as readonly string[]).includes(suffix)) continue;
      const path = ['metadata', 'annotations', key];
      context.fail('snippet', { annotation: key }, {
        path,
        fix: {
          kind: 'suggestion',
          description: 'Remove the snippet and use a dedicated annotation or controller setting instead',
          operations: [{ op: 'remove', path: toJsonPointer(path) }],
        },
      });
    }
  },
});
