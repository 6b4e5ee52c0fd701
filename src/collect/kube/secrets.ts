import type { K8sObject } from '../../model/index.js';
import type { ServedResource } from './discovery.js';
import { KubeApiError, KubeConnectionError } from './kube-http.js';
import { listResource, type ListOptions } from './list-resource.js';
import { SECRET_TYPES } from './resources.js';
import { stripSecret } from './sanitize.js';

export interface SecretListing {
  secrets: K8sObject[];
  /** A typed list that failed: the types are then incomplete, which the checks must know. */
  typeFailure?: { type: string; error: unknown };
}

/**
 * Secrets as metadata only. A metadata-only item has no `type`, and checks need it (legacy
 * service-account tokens, Helm release Secrets are told apart by it), so each common type is
 * listed again with a `type=` field selector, still metadata only, and set on the Secrets found.
 */
export async function listSecrets(http: Parameters<typeof listResource>[0], resource: ServedResource, options: ListOptions): Promise<SecretListing> {
  const secrets = (await listResource(http, resource, options)).map(stripSecret);
  const byKey = new Map<string, K8sObject>();
  for (const secret of secrets) byKey.set(keyOf(secret), secret);
  for (const type of SECRET_TYPES) {
    let typed: K8sObject[];
    try {
      typed = await listResource(http, resource, { pageSize: options.pageSize, fieldSelector: `type=${type}` });
    } catch (error) {
      // Anything but the API's answer or an unreachable server (the caller's abort) is not a gap to record.
      if (!(error instanceof KubeApiError) && !(error instanceof KubeConnectionError)) throw error;
      return { secrets, typeFailure: { type, error } };
    }
    for (const item of typed) {
      const secret = byKey.get(keyOf(item));
      if (secret && secret.type === undefined) secret.type = type;
    }
  }
  return { secrets };
}

function keyOf(object: K8sObject): string {
  return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}
