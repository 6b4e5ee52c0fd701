/**
 * How AWS load balancers come out of Services and Ingresses: which controller provisions them
 * (AWS Load Balancer Controller, EKS Auto Mode, the in-tree cloud provider), their scheme,
 * source ranges, TLS and security policy, with the defaults each controller documents.
 */
import type { EvidencePath, K8sObject } from '../../model/index.js';
import { isRecord, type InventoryView } from '../../inventory/index.js';
import { isWholeInternet } from './cidr.js';
import { parseImage } from './image-ref.js';

export const SVC = 'service.beta.kubernetes.io/';
export const ALB = 'alb.ingress.kubernetes.io/';
export const LBC_CLASS = 'service.k8s.aws/nlb';
export const AUTO_MODE_CLASS = 'eks.amazonaws.com/nlb';
export const LBC_INGRESS_CONTROLLER = 'ingress.k8s.aws/alb';
export const AUTO_MODE_INGRESS_CONTROLLER = 'eks.amazonaws.com/alb';

export type LbController = 'aws-load-balancer-controller' | 'eks-auto-mode' | 'in-tree' | 'other';

export interface Setting<T> {
  value: T;
  /** Where the value is set, or where it would go when it is a default. */
  path: EvidencePath;
  /** The object that sets it (another Ingress of the same group, an IngressClassParams). */
  object?: K8sObject;
  /** `annotation alb.ingress.kubernetes.io/scheme`, `default of the AWS Load Balancer Controller`. */
  source: string;
}


function annotation(object: K8sObject, key: string): Setting<string> | undefined {
  const value = object.metadata?.annotations?.[key];
  if (value === undefined) return undefined;
  return { value, path: ['metadata', 'annotations', key], source: `annotation ${key}` };
}

function annotationSlot(key: string): EvidencePath {
  return ['metadata', 'annotations', key];
}

export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function openToWorld(ranges: readonly string[]): string | undefined {
  return ranges.find((range) => isWholeInternet(range));
}

export const CONTROLLER_LABELS: Record<LbController, string> = {
  'aws-load-balancer-controller': 'the AWS Load Balancer Controller',
  'eks-auto-mode': 'EKS Auto Mode',
  'in-tree': 'the in-tree AWS cloud provider',
  other: 'another controller',
};

// ---------------------------------------------------------------- cluster facts

function isAutoMode(inventory: InventoryView): boolean {
  const eks = isRecord(inventory.aws?.eks) ? inventory.aws.eks : {};
  const cluster = isRecord(eks.cluster) ? eks.cluster : {};
  return isRecord(cluster.computeConfig) && cluster.computeConfig.enabled === true;
}

/** The controller's webhook that claims every new LoadBalancer Service (`service.k8s.aws/nlb`). */
function lbcClaimsServices(inventory: InventoryView): boolean {
  return inventory.cached('network:lbc-service-webhook', () =>
    inventory
      .ofKind('MutatingWebhookConfiguration')
      .some((config) =>
        (Array.isArray(config.webhooks) ? config.webhooks : []).some(
          (webhook) => isRecord(webhook) && webhook.name === 'mservice.elbv2.k8s.aws',
        ),
      ),
  );
}

/** `--default-ssl-policy` of an AWS Load Balancer Controller deployment in the inventory. */
export function lbcDefaultSslPolicy(inventory: InventoryView): Setting<string> | undefined {
  return inventory.cached('network:lbc-default-ssl-policy', () => {
    for (const workload of inventory.workloads()) {
      for (const { container, path } of workload.containers) {
        if (!container.image || parseImage(container.image).name !== 'aws-load-balancer-controller') continue;
        const args = [...(container.command ?? []), ...(container.args ?? [])];
        for (const [index, arg] of args.entries()) {
          const inline = /^--default-ssl-policy=(.+)$/.exec(arg);
          const value = inline?.[1] ?? (arg === '--default-ssl-policy' ? args[index + 1] : undefined);
          if (!value) continue;
          const inArgs = index >= (container.command ?? []).length;
          const listIndex = inArgs ? index - (container.command ?? []).length : index;
          return {
            value,
            object: workload.object,
            path: [...path, inArgs ? 'args' : 'command', listIndex],
            source: `--default-ssl-policy of ${workload.resource.kind} ${workload.namespace}/${workload.resource.name}`,
          };
        }
      }
    }
    return undefined;
  });
}

// ---------------------------------------------------------------- Services

export interface ServiceLoadBalancer {
  controller: LbController;
  loadBalancerClass?: string;
  internetFacing: Setting<boolean>;
  sourceRanges: Setting<string[]>;
  /** User-supplied frontend security groups replace the controller-managed inbound rules. */
  securityGroups?: Setting<string>;
  /** TLS certificate annotation, when listeners terminate TLS. */
  certificate?: Setting<string>;
}

function serviceController(service: K8sObject, inventory: InventoryView): { controller: LbController; className?: string } {
  const spec = isRecord(service.spec) ? service.spec : {};
  const className = typeof spec.loadBalancerClass === 'string' ? spec.loadBalancerClass : undefined;
  if (className === LBC_CLASS) return { controller: 'aws-load-balancer-controller', className };
  if (className === AUTO_MODE_CLASS) return { controller: 'eks-auto-mode', className };
  if (className) return { controller: 'other', className };
  const type = service.metadata?.annotations?.[`${SVC}aws-load-balancer-type`];
  if (type === 'external' || type === 'nlb-ip') return { controller: 'aws-load-balancer-controller' };
  if (type === 'nlb') return { controller: 'in-tree' };
  if (lbcClaimsServices(inventory)) return { controller: 'aws-load-balancer-controller' };
  if (isAutoMode(inventory)) return { controller: 'eks-auto-mode' };
  // In manifests, annotations only the AWS Load Balancer Controller reads say who will own the
  // Service: its webhook sets loadBalancerClass at admission, so the manifest never shows it. A
  // live cluster shows the class the webhook set, so there the absence of one means in-tree.
  if (inventory.source.type === 'manifests' && LBC_ONLY_ANNOTATIONS.some((key) => service.metadata?.annotations?.[key] !== undefined)) {
    return { controller: 'aws-load-balancer-controller' };
  }
  return { controller: 'in-tree' };
}

/** Service annotations the in-tree cloud provider ignores and the AWS Load Balancer Controller reads. */
const LBC_ONLY_ANNOTATIONS = [`${SVC}aws-load-balancer-scheme`, `${SVC}aws-load-balancer-nlb-target-type`];

export function isLoadBalancerService(service: K8sObject): boolean {
  return isRecord(service.spec) && service.spec.type === 'LoadBalancer';
}

export function serviceLoadBalancer(service: K8sObject, inventory: InventoryView): ServiceLoadBalancer | undefined {
  if (!isLoadBalancerService(service)) return undefined;
  const { controller, className } = serviceController(service, inventory);
  const scheme = annotation(service, `${SVC}aws-load-balancer-scheme`);
  const internal = annotation(service, `${SVC}aws-load-balancer-internal`);
  let internetFacing: Setting<boolean>;
  if (controller === 'in-tree') {
    // The in-tree provider makes any value but "false" internal, and defaults to internet-facing.
    internetFacing = internal
      ? { ...internal, value: internal.value === 'false' }
      : { value: true, path: annotationSlot(`${SVC}aws-load-balancer-internal`), source: 'default of the in-tree AWS cloud provider' };
  } else if (scheme) {
    internetFacing = { ...scheme, value: scheme.value === 'internet-facing' };
  } else if (internal) {
    internetFacing = { ...internal, value: internal.value === 'false' };
  } else {
    internetFacing = {
      value: false,
      path: annotationSlot(`${SVC}aws-load-balancer-scheme`),
      source: `default of ${CONTROLLER_LABELS[controller]}`,
    };
  }
  const spec = isRecord(service.spec) ? service.spec : {};
  const specRanges = Array.isArray(spec.loadBalancerSourceRanges)
    ? spec.loadBalancerSourceRanges.filter((range): range is string => typeof range === 'string')
    : [];
  const annotatedRanges = annotation(service, `${SVC}load-balancer-source-ranges`);
  const sourceRanges: Setting<string[]> =
    specRanges.length > 0
      ? { value: specRanges, path: ['spec', 'loadBalancerSourceRanges'], source: 'spec.loadBalancerSourceRanges' }
      : annotatedRanges
        ? { ...annotatedRanges, value: splitList(annotatedRanges.value) }
        : { value: [], path: ['spec', 'loadBalancerSourceRanges'], source: 'no source ranges' };
  const result: ServiceLoadBalancer = { controller, internetFacing, sourceRanges };
  if (className) result.loadBalancerClass = className;
  const securityGroups = annotation(service, `${SVC}aws-load-balancer-security-groups`);
  if (securityGroups && controller !== 'other') result.securityGroups = securityGroups;
  const certificate = annotation(service, `${SVC}aws-load-balancer-ssl-cert`);
  if (certificate?.value.trim()) result.certificate = certificate;
  return result;
}

// ---------------------------------------------------------------- Ingresses

export interface IngressClassInfo {
  name?: string;
  object?: K8sObject;
  controller?: string;
}

/** The class an Ingress belongs to: `spec.ingressClassName`, the legacy annotation, or the default. */
export function ingressClassOf(ingress: K8sObject, inventory: InventoryView): IngressClassInfo {
  const spec = isRecord(ingress.spec) ? ingress.spec : {};
  const name =
    (typeof spec.ingressClassName === 'string' ? spec.ingressClassName : undefined) ??
    ingress.metadata?.annotations?.['kubernetes.io/ingress.class'];
  const object = name
    ? inventory.get('IngressClass', undefined, name)
    : inventory
        .ofKind('IngressClass')
        .find((candidate) => candidate.metadata?.annotations?.['ingressclass.kubernetes.io/is-default-class'] === 'true');
  const info: IngressClassInfo = {};
  const className = name ?? object?.metadata?.name;
  if (className) info.name = className;
  if (object) info.object = object;
  const declared = isRecord(object?.spec) && typeof object.spec.controller === 'string' ? object.spec.controller : undefined;
  // Without the IngressClass object, the well-known class names tell.
  const controller = declared ?? (className === 'alb' ? LBC_INGRESS_CONTROLLER : className === 'nginx' ? 'k8s.io/ingress-nginx' : undefined);
  if (controller) info.controller = controller;
  return info;
}

export interface AlbIngress {
  controller: 'aws-load-balancer-controller' | 'eks-auto-mode';
  params?: K8sObject;
  internetFacing: Setting<boolean>;
  inboundCidrs: Setting<string[]>;
  securityGroups?: Setting<string>;
  /** How TLS is configured, when it is. */
  tls?: Setting<string>;
  /** The explicit security policy, if any (params, this Ingress or its group). */
  sslPolicy?: Setting<string>;
}

function paramsOf(classInfo: IngressClassInfo, inventory: InventoryView): K8sObject | undefined {
  const spec = isRecord(classInfo.object?.spec) ? classInfo.object.spec : {};
  const parameters = isRecord(spec.parameters) ? spec.parameters : undefined;
  if (parameters?.kind !== 'IngressClassParams' || typeof parameters.name !== 'string') return undefined;
  return inventory.get('IngressClassParams', undefined, parameters.name);
}

function paramsSetting(params: K8sObject | undefined, field: string): Setting<unknown> | undefined {
  const spec = isRecord(params?.spec) ? params.spec : undefined;
  if (!params || !spec || spec[field] === undefined) return undefined;
  return {
    value: spec[field],
    path: ['spec', field],
    object: params,
    source: `IngressClassParams ${params.metadata?.name ?? ''} spec.${field}`,
  };
}

function ingressGroups(inventory: InventoryView): Map<string, K8sObject[]> {
  return inventory.cached('network:alb-ingress-groups', () => {
    const groups = new Map<string, K8sObject[]>();
    for (const ingress of inventory.ofKind('Ingress')) {
      const group = ingress.metadata?.annotations?.[`${ALB}group.name`];
      if (!group) continue;
      let members = groups.get(group);
      if (!members) groups.set(group, (members = []));
      members.push(ingress);
    }
    return groups;
  });
}

/** An "exclusive" annotation set on this Ingress or on another Ingress of its IngressGroup. */
function groupAnnotation(ingress: K8sObject, key: string, inventory: InventoryView): Setting<string> | undefined {
  const own = annotation(ingress, key);
  if (own) return own;
  const group = ingress.metadata?.annotations?.[`${ALB}group.name`];
  if (!group) return undefined;
  for (const other of ingressGroups(inventory).get(group) ?? []) {
    if (other === ingress) continue;
    const found = annotation(other, key);
    if (found) {
      const where = `${other.metadata?.namespace ?? ''}/${other.metadata?.name ?? ''}`;
      return { ...found, object: other, source: `${found.source} on Ingress ${where} of group ${group}` };
    }
  }
  return undefined;
}

function listenPortsHaveHttps(value: string | undefined): boolean {
  if (!value) return false;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) && parsed.some((entry) => isRecord(entry) && 'HTTPS' in entry);
  } catch {
    return false;
  }
}

export function albIngress(ingress: K8sObject, inventory: InventoryView): AlbIngress | undefined {
  const classInfo = ingressClassOf(ingress, inventory);
  const controller =
    classInfo.controller === LBC_INGRESS_CONTROLLER
      ? 'aws-load-balancer-controller'
      : classInfo.controller === AUTO_MODE_INGRESS_CONTROLLER
        ? 'eks-auto-mode'
        : undefined;
  if (!controller) return undefined;
  const params = paramsOf(classInfo, inventory);

  // IngressClassParams settings win over annotations.
  const paramsScheme = paramsSetting(params, 'scheme');
  const scheme = groupAnnotation(ingress, `${ALB}scheme`, inventory);
  const internetFacing: Setting<boolean> = paramsScheme
    ? { ...paramsScheme, value: paramsScheme.value === 'internet-facing' }
    : scheme
      ? { ...scheme, value: scheme.value === 'internet-facing' }
      : { value: false, path: annotationSlot(`${ALB}scheme`), source: `default of ${CONTROLLER_LABELS[controller]}` };

  const paramsCidrs = paramsSetting(params, 'inboundCIDRs');
  const cidrs = groupAnnotation(ingress, `${ALB}inbound-cidrs`, inventory);
  const inboundCidrs: Setting<string[]> =
    paramsCidrs && Array.isArray(paramsCidrs.value)
      ? { ...paramsCidrs, value: paramsCidrs.value.filter((cidr): cidr is string => typeof cidr === 'string') }
      : cidrs
        ? { ...cidrs, value: splitList(cidrs.value) }
        : { value: ['0.0.0.0/0'], path: annotationSlot(`${ALB}inbound-cidrs`), source: 'default inbound-cidrs 0.0.0.0/0' };

  const result: AlbIngress = { controller, internetFacing, inboundCidrs };
  if (params) result.params = params;
  const securityGroups = groupAnnotation(ingress, `${ALB}security-groups`, inventory);
  if (securityGroups) result.securityGroups = securityGroups;

  const certificate = annotation(ingress, `${ALB}certificate-arn`);
  const paramsCertificate = paramsSetting(params, 'certificateArn');
  const spec = isRecord(ingress.spec) ? ingress.spec : {};
  const listenPorts = annotation(ingress, `${ALB}listen-ports`);
  if (certificate?.value.trim()) result.tls = certificate;
  else if (paramsCertificate) result.tls = { ...paramsCertificate, value: 'certificateArn' };
  else if (Array.isArray(spec.tls) && spec.tls.length > 0) {
    result.tls = { value: 'spec.tls', path: ['spec', 'tls'], source: 'spec.tls (certificate discovery)' };
  } else if (listenPortsHaveHttps(listenPorts?.value) && listenPorts) {
    result.tls = { ...listenPorts, source: 'HTTPS listen-ports (certificate discovery)' };
  }

  const paramsPolicy = paramsSetting(params, 'sslPolicy');
  const policy = groupAnnotation(ingress, `${ALB}ssl-policy`, inventory);
  if (paramsPolicy && typeof paramsPolicy.value === 'string') result.sslPolicy = { ...paramsPolicy, value: paramsPolicy.value };
  else if (policy) result.sslPolicy = policy;
  return result;
}
