/** What every action does alike: skip with a reason, read an object, send the planned writes. */
import type { K8sObject } from '../../model/index.js';
import { KubeRequestError, type ActionKind, type ActionTarget, type KubeClient, type KubeRequest, type SkippedAction } from './types.js';

export function skip(action: ActionKind, skipped: string, target?: ActionTarget): SkippedAction {
  return { action, skipped, ...(target ? { target } : {}) };
}

/** GETs one object; undefined when the server answers 404 (other errors are the caller's). */
export async function getObject(client: KubeClient, path: string): Promise<K8sObject | undefined> {
  try {
    const object = await client.send({ method: 'GET', path });
    if (typeof object !== 'object' || object === null || Array.isArray(object)) {
      throw new KubeRequestError(200, undefined, `the API server answered GET ${path} with something that is not an object`, { method: 'GET', path });
    }
    return object as K8sObject;
  } catch (error) {
    if (error instanceof KubeRequestError && error.status === 404) return undefined;
    throw error;
  }
}

/**
 * Sends the writes in order, stopping at the first that fails (its KubeRequestError rejects).
 * Resolves to what the server answered: the one response, or one per request when there are
 * several.
 */
export async function sendAll(client: KubeClient, requests: readonly KubeRequest[]): Promise<unknown> {
  const answers: unknown[] = [];
  for (const request of requests) answers.push(await client.send(request));
  return answers.length === 1 ? answers[0] : answers;
}

/** Throws when a playbook's settings for the action are invalid (the responder validates them first). */
export function assertValid(action: ActionKind, problems: readonly string[]): void {
  if (problems.length > 0) throw new Error(`invalid settings for ${action}: ${problems.join('; ')}`);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
