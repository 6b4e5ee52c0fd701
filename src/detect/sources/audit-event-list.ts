import { AUDIT_API_VERSION, looksLikeAuditEvent } from '../events/audit-event.js';
import type { Collector, Location } from '../events/classify.js';
import { asAuditEvent, auditEventProblem, describeType, isObject } from '../events/validate.js';

/**
 * Why a whole webhook body was refused: `json` when it does not parse, `schema` when it parses
 * but is not an `audit.k8s.io/v1` `EventList`.
 */
export interface EventListProblem {
  kind: 'json' | 'schema';
  message: string;
}

/**
 * Opens the body the API server's audit webhook backend POSTs: one `EventList`
 * (`{"kind":"EventList","apiVersion":"audit.k8s.io/v1","metadata":{},"items":[...]}`). Good items
 * go to `out.item`, bad ones to `out.issue` at `items[i]`, and the rest are still used. A body
 * that is not such a list is returned as a problem and nothing is emitted.
 */
export function classifyEventList(body: Buffer, loc: Location, out: Pick<Collector, 'item' | 'issue'>): EventListProblem | undefined {
  let list: unknown;
  try {
    list = JSON.parse(body.toString('utf8'));
  } catch (error) {
    return { kind: 'json', message: `body is not JSON: ${(error as Error).message}` };
  }
  if (!isObject(list)) return { kind: 'schema', message: `body: expected an EventList object, got ${describeType(list)}` };
  if (list.kind !== 'EventList') return { kind: 'schema', message: `kind: expected "EventList", got ${JSON.stringify(list.kind) ?? 'nothing'}` };
  if (list.apiVersion !== AUDIT_API_VERSION) {
    return {
      kind: 'schema',
      message: `apiVersion: expected "${AUDIT_API_VERSION}", got ${JSON.stringify(list.apiVersion) ?? 'nothing'} (kube-apiserver --audit-webhook-version)`,
    };
  }
  // Go marshals an empty Items slice as null.
  if (list.items === null) return undefined;
  if (!Array.isArray(list.items)) return { kind: 'schema', message: `items: expected an array, got ${describeType(list.items)}` };
  list.items.forEach((item: unknown, i) => {
    const at = { ...loc, where: `items[${i}]` };
    if (!isObject(item)) {
      out.issue('schema', at, `expected an audit event object, got ${describeType(item)}`);
      return;
    }
    if (!looksLikeAuditEvent(item)) {
      out.issue('schema', at, 'not a Kubernetes audit event (no auditID)');
      return;
    }
    const problem = auditEventProblem(item);
    if (problem) out.issue('schema', at, `audit event: ${problem}`);
    else out.item({ kind: 'k8s-audit', event: asAuditEvent(item), file: loc.file, line: loc.line });
  });
  return undefined;
}
