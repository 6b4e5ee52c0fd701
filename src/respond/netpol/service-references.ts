/**
 * Which Services a workload names in its configuration: the declared clients of a Service.
 * Values are read from container env (literal or from a ConfigMap key), `envFrom` ConfigMaps,
 * args and command, and ConfigMaps mounted as volumes. A Service counts as named when a value
 * holds one of its DNS names (`svc.ns`, `svc.ns.svc`, `svc.ns.svc.<domain>`, a headless pod
 * name under it, or `svc` alone from its own namespace), bare or in a URL, with or without a
 * port. A short name alone is only believed when it is the whole value or carries a scheme or a
 * port: a config file mentioning the word `cache` does not name the Service `cache`.
 * Evidence names the value's place and the host found, never the rest of the value, which may
 * hold a credential.
 */
import type { K8sObject } from '../../model/index.js';
import { isRecord, type InventoryView, type Workload } from '../../inventory/index.js';

export interface ServiceReference {
  service: K8sObject;
  /** The port the value names (`:8080`), if any: a Service port number. */
  port?: number;
  /** Where the name was found and what it was: `env ORDERS_API_URL of container web names orders-api.shop-backend.svc:8080`. */
  evidence: string;
}

interface ConfigValue {
  text: string;
  /** `env ORDERS_API_URL of container web`. */
  place: string;
}

interface HostPiece {
  host: string;
  port?: number;
  /** Written with a scheme or port, or as the whole value: a short name may be believed. */
  explicit: boolean;
}

const SPLIT = /[\s,;'"`()[\]{}<>]+/;
const HOST = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Values longer than this are config files; scanning them whole would cost more than it finds. */
const MAX_VALUE = 256 * 1024;

/** Host-like pieces of a value: `http://user@host:port/path`, `host:port`, `--flag=host`. */
export function hostPieces(value: string): HostPiece[] {
  const trimmed = value.trim();
  const pieces: HostPiece[] = [];
  for (let piece of trimmed.slice(0, MAX_VALUE).split(SPLIT)) {
    if (piece === '') continue;
    const whole = piece === trimmed;
    const equals = piece.lastIndexOf('=');
    if (equals >= 0) piece = piece.slice(equals + 1);
    const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(piece);
    if (scheme) piece = piece.slice(scheme[0].length);
    const end = piece.search(/[/?#]/);
    if (end >= 0) piece = piece.slice(0, end);
    const at = piece.lastIndexOf('@');
    if (at >= 0) piece = piece.slice(at + 1);
    let port: number | undefined;
    const colon = piece.lastIndexOf(':');
    if (colon >= 0) {
      const digits = piece.slice(colon + 1);
      if (!/^\d{1,5}$/.test(digits)) continue;
      port = Number(digits);
      piece = piece.slice(0, colon);
    }
    const host = piece.toLowerCase().replace(/\.$/, '');
    if (host === '' || !HOST.test(host)) continue;
    const found: HostPiece = { host, explicit: whole || scheme !== null || port !== undefined };
    if (port !== undefined) found.port = port;
    pieces.push(found);
  }
  return pieces;
}

/** DNS names of every Service with a selector: qualified ones cluster-wide, short ones per namespace. */
export class ServiceNames {
  private readonly qualified = new Map<string, K8sObject>();
  private readonly short = new Map<string, K8sObject>();

  constructor(
    inventory: InventoryView,
    private readonly domain: string,
  ) {
    for (const service of inventory.ofKind('Service')) {
      const name = service.metadata?.name?.toLowerCase();
      if (!name) continue;
      const namespace = (service.metadata?.namespace ?? 'default').toLowerCase();
      for (const form of [`${name}.${namespace}`, `${name}.${namespace}.svc`, `${name}.${namespace}.svc.${domain}`]) {
        this.qualified.set(form, service);
      }
      this.short.set(`${namespace}/${name}`, service);
    }
  }

  /** The Service a host names for a client in `namespace`, if any. */
  lookup(piece: HostPiece, namespace: string): K8sObject | undefined {
    const direct = this.qualified.get(piece.host);
    if (direct) return direct;
    if (!piece.host.includes('.')) return piece.explicit ? this.short.get(`${namespace.toLowerCase()}/${piece.host}`) : undefined;
    // `pod-0.db.data.svc.cluster.local`: a headless Service's pod record names the Service too.
    const dot = piece.host.indexOf('.');
    const rest = piece.host.slice(dot + 1);
    if (rest.endsWith('.svc') || rest.endsWith(`.svc.${this.domain}`)) return this.qualified.get(rest);
    return undefined;
  }
}

function configMapData(inventory: InventoryView, namespace: string, name: unknown): Array<[string, string]> {
  if (typeof name !== 'string') return [];
  const data = inventory.get('ConfigMap', namespace, name)?.data;
  if (!isRecord(data)) return [];
  return Object.entries(data).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
}

/** Every configuration value of a workload's containers, with where it is. */
export function configValues(inventory: InventoryView, workload: Workload): ConfigValue[] {
  const values: ConfigValue[] = [];
  const ns = workload.namespace;
  for (const { container, name } of workload.containers) {
    const where = `container ${name}`;
    const env: unknown = container.env;
    for (const entry of Array.isArray(env) ? env : []) {
      if (!isRecord(entry) || typeof entry.name !== 'string') continue;
      if (typeof entry.value === 'string') values.push({ text: entry.value, place: `env ${entry.name} of ${where}` });
      const ref = isRecord(entry.valueFrom) && isRecord(entry.valueFrom.configMapKeyRef) ? entry.valueFrom.configMapKeyRef : undefined;
      if (!ref) continue;
      for (const [key, text] of configMapData(inventory, ns, ref.name)) {
        if (key === ref.key) values.push({ text, place: `env ${entry.name} of ${where} (ConfigMap ${ns}/${String(ref.name)} key ${key})` });
      }
    }
    const envFrom: unknown = container.envFrom;
    for (const entry of Array.isArray(envFrom) ? envFrom : []) {
      const ref = isRecord(entry) && isRecord(entry.configMapRef) ? entry.configMapRef : undefined;
      for (const [key, text] of configMapData(inventory, ns, ref?.name)) {
        values.push({ text, place: `envFrom of ${where} (ConfigMap ${ns}/${String(ref?.name)} key ${key})` });
      }
    }
    for (const list of ['command', 'args'] as const) {
      const items: unknown = container[list];
      (Array.isArray(items) ? items : []).forEach((item: unknown, index) => {
        if (typeof item === 'string') values.push({ text: item, place: `${list}[${index}] of ${where}` });
      });
    }
  }
  const volumes: unknown = workload.podSpec.volumes;
  for (const volume of Array.isArray(volumes) ? volumes : []) {
    if (!isRecord(volume)) continue;
    const sources = isRecord(volume.projected) && Array.isArray(volume.projected.sources) ? volume.projected.sources : [];
    const refs = [volume.configMap, ...sources.map((source) => (isRecord(source) ? source.configMap : undefined))];
    for (const ref of refs) {
      if (!isRecord(ref)) continue;
      for (const [key, text] of configMapData(inventory, ns, ref.name)) {
        values.push({ text, place: `volume ${String(volume.name)} (ConfigMap ${ns}/${String(ref.name)} key ${key})` });
      }
    }
  }
  return values;
}

/** The Services a workload names, once per Service and port, with the first place found. */
export function serviceReferences(inventory: InventoryView, names: ServiceNames, workload: Workload): ServiceReference[] {
  const found = new Map<string, ServiceReference>();
  for (const value of configValues(inventory, workload)) {
    for (const piece of hostPieces(value.text)) {
      const service = names.lookup(piece, workload.namespace);
      if (!service) continue;
      const key = `${service.metadata?.namespace ?? 'default'}/${service.metadata?.name ?? ''}:${piece.port ?? ''}`;
      if (found.has(key)) continue;
      const reference: ServiceReference = {
        service,
        evidence: `${value.place} names ${piece.host}${piece.port === undefined ? '' : `:${piece.port}`}`,
      };
      if (piece.port !== undefined) reference.port = piece.port;
      found.set(key, reference);
    }
  }
  return [...found.values()];
}
