/**
 * Pods and their controllers as a way to run code as a service account: create, update/patch of
 * mutable pod templates, and update/patch of running pods, each edge as far as the power reaches.
 */
import type { StepEvidence } from '../../model/index.js';
import { formatPath } from '../../inventory/evidence-path.js';
import { type Grant, type SubjectBinding } from '../../analysis/rbac/effective-permissions.js';
import { grantsFor, KUBE_SYSTEM, POD_CREATE, POD_TEMPLATE_WRITE, POD_UPDATE } from '../../analysis/rbac/capabilities.js';
import { type SubjectRef } from '../../analysis/rbac/subjects.js';
import { CLUSTER_ADMIN_ID } from '../nodes.js';
import { type RunningWorkload, type Controller, type Holder, proof, link, byScope, reachedNamespaces, unrestricted, targetAccount, podNamesMatch, runsPods } from './rbac-holder.js';

/**
 * Pods and their controllers, each power as far as it reaches:
 * - create (pods or any controller): any service account of the namespace, since
 *   serviceAccountName is part of the pod spec;
 * - update/patch of a controller whose template stays mutable (not Jobs): any service account
 *   of a namespace where such a controller exists, limited to the named ones if the rule names
 *   them;
 * - update/patch of pods: only the service accounts existing pods already run as (images
 *   change, serviceAccountName does not).
 * Held in every namespace and reaching kube-system's objects, each is one edge to ClusterAdmin.
 */
export function addCreatePods(holder: Holder, bindings: readonly SubjectBinding[]): void {
  if (addPodCreate(holder, bindings)) return;
  if (addTemplateWrite(holder, bindings)) return;
  addPodUpdate(holder, bindings);
}

/** `create`; true when it reaches ClusterAdmin. */
function addPodCreate(holder: Holder, bindings: readonly SubjectBinding[]): boolean {
  const { cluster, namespaces } = byScope(grantsFor(holder.perms, bindings, POD_CREATE));
  if (cluster.length > 0) {
    // In kube-system too: a privileged pod on any node, or a pod as any controller's account.
    link(holder, 'can-create-pods', CLUSTER_ADMIN_ID, proof(cluster, 'create or change pods and workload controllers in every namespace, kube-system included'));
    return true;
  }
  for (const [namespace, grants] of namespaces) {
    const evidence = proof(grants, `create or change pods and workload controllers in namespace ${namespace}, whose pods may run as any of its service accounts`);
    for (const account of holder.targets.serviceAccounts.get(namespace) ?? []) link(holder, 'can-create-pods', targetAccount(holder, account), evidence);
  }
  return false;
}

/** update/patch of controller templates, to the namespaces of the controllers reached; true when it reaches ClusterAdmin. */
function addTemplateWrite(holder: Holder, bindings: readonly SubjectBinding[]): boolean {
  const grants = grantsFor(holder.perms, bindings, POD_TEMPLATE_WRITE);
  if (grants.length === 0) return false;
  const { cluster, namespaces } = byScope(grants);
  const reached = new Map<string, { grants: Set<Grant>; controllers: Controller[] }>();
  for (const namespace of reachedNamespaces(cluster, namespaces, holder.targets.controllers)) {
    const scoped = [...cluster, ...(namespaces.get(namespace) ?? [])];
    for (const controller of holder.targets.controllers.get(namespace) ?? []) {
      const matching = scoped.filter((grant) => writesTemplateOf(grant, controller));
      if (matching.length === 0) continue;
      let entry = reached.get(namespace);
      if (!entry) reached.set(namespace, (entry = { grants: new Set(), controllers: [] }));
      matching.forEach((grant) => entry.grants.add(grant));
      entry.controllers.push(controller);
    }
  }
  // Every controller of some kind everywhere, kube-system's (aws-node, coredns) included.
  const everywhere = [...(reached.get(KUBE_SYSTEM)?.grants ?? [])].filter((grant) => grant.binding.scope === undefined && unrestricted(grant));
  if (everywhere.length > 0) {
    link(holder, 'can-create-pods', CLUSTER_ADMIN_ID, proof(everywhere, 'change the pod templates of workload controllers in every namespace, kube-system included'));
    return true;
  }
  for (const [namespace, entry] of reached) {
    const evidence = [
      ...proof([...entry.grants], `change the pod templates of workload controllers in namespace ${namespace}, whose pods may then run as any of its service accounts`),
      ...entry.controllers.slice(0, 3).map(templateEvidence),
    ];
    for (const account of holder.targets.serviceAccounts.get(namespace) ?? []) link(holder, 'can-create-pods', targetAccount(holder, account), evidence);
  }
  return false;
}

function writesTemplateOf(grant: Grant, controller: Controller): boolean {
  const rule = grant.rule.rule;
  return rule.allowsGroup(controller.owner.apiGroup) && rule.allowsResource(controller.owner.resource) && rule.allowsName(controller.name);
}

function templateEvidence(controller: Controller): StepEvidence {
  const { owner, namespace, name, template } = controller;
  return {
    resource: { kind: owner.kind, namespace, name },
    path: formatPath([...template.podSpecPath, 'serviceAccountName']),
    detail: `${owner.kind} ${namespace}/${name} keeps a mutable pod template: whoever changes it picks the image and the service account its pods run as`,
  };
}

/** update/patch of pods, to the accounts that running pods use. */
function addPodUpdate(holder: Holder, bindings: readonly SubjectBinding[]): void {
  const { targets } = holder;
  const { cluster, namespaces } = byScope(grantsFor(holder.perms, bindings, POD_UPDATE));
  const everywhere = cluster.filter(unrestricted);
  if (everywhere.length > 0 && (targets.workloads.get(KUBE_SYSTEM) ?? []).some(runsPods)) {
    // As with exec: kube-system's privileged DaemonSets (aws-node, kube-proxy) run whatever image they are given.
    link(holder, 'can-create-pods', CLUSTER_ADMIN_ID, proof(everywhere, 'change the images of running pods in every namespace, kube-system included'));
    return;
  }
  for (const namespace of reachedNamespaces(cluster, namespaces, targets.workloads)) {
    const scoped = [...cluster, ...(namespaces.get(namespace) ?? [])];
    // One edge per account, however many workloads run as it.
    const byAccount = new Map<string, { account: SubjectRef; grants: Set<Grant>; workloads: RunningWorkload[] }>();
    for (const running of targets.running.get(namespace) ?? []) {
      const grants = scoped.filter((grant) => podNamesMatch(grant, running.workload));
      if (grants.length === 0) continue;
      const account = running.account;
      let entry = byAccount.get(account.name);
      if (!entry) byAccount.set(account.name, (entry = { account, grants: new Set(), workloads: [] }));
      for (const grant of grants) entry.grants.add(grant);
      entry.workloads.push(running);
    }
    for (const { account, grants, workloads } of byAccount.values()) {
      const evidence = proof([...grants], `change the images of running pods in namespace ${namespace}, which keep their service account`);
      for (let index = 0; index < workloads.length && index < 3; index++) evidence.push(workloads[index]!.runsAs);
      link(holder, 'can-create-pods', targetAccount(holder, account), evidence);
    }
  }
}

