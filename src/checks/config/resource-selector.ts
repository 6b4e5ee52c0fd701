import type { K8sObject, ResourceRef } from '../../model/index.js';
import { podTemplateOf } from '../../inventory/index.js';
import type { WaiverQuery } from '../engine.js';
import type { ResourceSelector } from './config-types.js';
import { compileGlob, type Matcher } from './glob.js';

/** A name a finding's resource answers to: itself, or a controller it was created by. */
export interface Identity {
  kind: string;
  namespace?: string;
  name: string;
}

/** Letters Kubernetes uses for pod-template-hash (rand.SafeEncodeString). */
const TEMPLATE_HASH = /^(.+)-([bcdfghjklmnpqrstvwxz2456789]{1,10})$/;

/**
 * The resource and the controllers above it, read from ownerReferences: an exception for
 * DaemonSet `aws-node` must also cover its pods when only pods were collected. A Deployment is
 * recognised through its ReplicaSet's name (`<deployment>-<pod-template-hash>`).
 */
export function identitiesOf(resource: ResourceRef, object: K8sObject | undefined): Identity[] {
  const namespace = resource.namespace;
  const identities: Identity[] = [{ kind: resource.kind, namespace, name: resource.name }];
  const owners = object?.metadata?.ownerReferences ?? [];
  const owner = owners.find((reference) => reference.controller === true) ?? owners[0];
  if (!owner?.kind || !owner.name) return identities;
  identities.push({ kind: owner.kind, namespace, name: owner.name });
  if (owner.kind === 'ReplicaSet') {
    const hash = object?.metadata?.labels?.['pod-template-hash'];
    const match = TEMPLATE_HASH.exec(owner.name);
    if (match?.[1] && (hash === undefined || hash === match[2])) {
      identities.push({ kind: 'Deployment', namespace, name: match[1] });
    }
  }
  return identities;
}

/** The object's labels, with its pod template's labels for keys the object itself lacks. */
export function labelsOf(object: K8sObject | undefined): Record<string, string> {
  if (!object) return {};
  const template = podTemplateOf(object)?.podMetadata.labels ?? {};
  return { ...template, ...(object.metadata?.labels ?? {}) };
}

/** Whether a finding is selected; `identities` is `identitiesOf` the finding, computed once. */
export type QueryMatcher = (query: WaiverQuery, identities: readonly Identity[]) => boolean;

/** A configuration selector: every field given must match (names and namespaces as globs). */
export function compileSelector(selector: ResourceSelector | undefined): QueryMatcher {
  if (!selector) return () => true;
  const kind = optionalGlob(selector.kind);
  const namespace = optionalGlob(selector.namespace);
  const name = optionalGlob(selector.name);
  const container = optionalGlob(selector.container);
  const labels = Object.entries(selector.labels ?? {});
  return (query, identities) => {
    if (container && (query.container === undefined || !container(query.container))) return false;
    if (labels.length > 0) {
      const have = labelsOf(query.object);
      if (!labels.every(([key, value]) => have[key] === value)) return false;
    }
    if (!kind && !namespace && !name) return true;
    return identities.some(
      (identity) =>
        (!kind || kind(identity.kind)) &&
        (!namespace || (identity.namespace !== undefined && namespace(identity.namespace))) &&
        (!name || name(identity.name)),
    );
  };
}

function optionalGlob(pattern: string | undefined): Matcher | undefined {
  return pattern === undefined ? undefined : compileGlob(pattern);
}
