/**
 * What the NetworkPolicy generator decides, before it is written as YAML: policies whose every
 * rule and peer carries the reason it exists, and the declared traffic the simulation checks.
 */
import type { K8sObject, ResourceRef } from '../../model/index.js';
import type { Workload } from '../../inventory/index.js';
import type { Protocol } from '../../graph/reachability/port-set.js';

export interface PolicyPort {
  protocol: Protocol;
  port: number;
}

/** One `from`/`to` entry and why it is there. */
export type PolicyPeer = { reason: string } & (
  | {
      /** Pods of this namespace (by its `kubernetes.io/metadata.name`); omitted: the policy's own. */
      namespace?: string;
      /** matchLabels; empty selects every pod of the namespace. */
      podLabels: Record<string, string>;
    }
  | { ipBlock: { cidr: string; except?: string[] } }
);

export interface PolicyRuleSpec {
  reason: string;
  /** Empty: every peer (used for nothing the generator writes: each rule names its peers). */
  peers: PolicyPeer[];
  /** Empty: every port. */
  ports: PolicyPort[];
}

export interface GeneratedPolicy {
  name: string;
  namespace: string;
  reason: string;
  /** matchLabels of `spec.podSelector`; empty selects every pod of the namespace. */
  podLabels: Record<string, string>;
  policyTypes: Array<'Ingress' | 'Egress'>;
  ingress: PolicyRuleSpec[];
  egress: PolicyRuleSpec[];
  /** The workload the policy is for, when it is for one. */
  workload?: ResourceRef;
}

/** A client workload that names a Service in its configuration, and the pods behind it. */
export interface DeclaredFlow {
  client: Workload;
  server: Workload;
  service: K8sObject;
  /** The pod ports the traffic goes to (the Service's target ports, resolved). */
  ports: PolicyPort[];
  /** `env ORDERS_API_URL of container web = http://orders-api.shop-backend.svc:8080`. */
  evidence: string;
}

/** Traffic from outside the pod network that a Service or Ingress exposes a workload to. */
export interface ExposureFlow {
  server: Workload;
  /** `LoadBalancer Service shop-data/cache`, `Ingress shop-frontend/storefront`. */
  via: string;
  kind: 'load-balancer' | 'ingress';
  ports: PolicyPort[];
  /** In-cluster ingress controllers the traffic comes from; empty when it comes from VPC addresses. */
  controllers?: Workload[];
  /** The Service an Ingress routes to (the controllers' egress goes to its pods). */
  service?: K8sObject;
}

/** Options of a generation run. */
export interface GenerateOptions {
  /** Namespaces to write policies for; default every namespace but the system ones. */
  namespaces?: readonly string[];
  /** `namespace/workload` names allowed to reach the Internet. */
  allowInternetEgress?: readonly string[];
  /** Where the API server is, overriding the `kubernetes` Service's endpoints. */
  apiServerCidrs?: readonly string[];
  /** The cluster DNS domain (default `cluster.local`). */
  clusterDomain?: string;
}

export interface GenerateResult {
  policies: GeneratedPolicy[];
  namespaces: string[];
  flows: DeclaredFlow[];
  exposures: ExposureFlow[];
  /** `namespace/serviceaccount` → why it counts as using the API. */
  apiUsers: Map<string, string>;
  /** Namespaces in scope that already have NetworkPolicies (the new ones add to them). */
  existing: Array<{ namespace: string; policies: string[] }>;
  /** Things the reviewer must know: unselectable pods, unresolved ports, guesses. */
  notes: string[];
}

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'eksguard';
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
