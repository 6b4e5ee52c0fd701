import type { ContainerRef, Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { assessDatastore } from '../datastore-auth.js';
import { exposuresOf, type Exposure } from '../../../analysis/network/service-exposure.js';

/**
 * Whether an exposed target port lands on this container: a named port it declares, a port
 * number it declares, or, for an undeclared number, the product's default port (or the only
 * container of the pod).
 */
function reaches(exposure: Exposure, ref: ContainerRef, workload: Workload, defaultPorts: readonly number[]): boolean {
  const declared = ref.container.ports ?? [];
  const declaredAnywhere = (port: number): boolean =>
    workload.containers.some((other) => (other.container.ports ?? []).some((entry) => entry.containerPort === port));
  const mainContainers = workload.containers.filter((other) => other.list === 'containers');
  return exposure.targetPorts.some((target) => {
    if (typeof target === 'string') return declared.some((entry) => entry.name === target);
    if (declared.some((entry) => entry.containerPort === target)) return true;
    return !declaredAnywhere(target) && (defaultPorts.includes(target) || mainContainers.length === 1);
  });
}

export const check = defineCheck<Workload, 'unauthenticated'>({
  id: 'svc-unauthenticated-db',
  title: 'Exposed datastore or admin tool without authentication',
  severity: 'high',
  area: 'network',
  description:
    'Heuristic. A workload is exposed when a LoadBalancer or NodePort Service, a Service with `externalIPs`, or an Ingress backend Service selects its pods and forwards to the container\'s port (declared port name or number, else the product\'s default port). Its container runs a well-known datastore or admin tool (Redis/Valkey, Memcached, MongoDB, Elasticsearch, OpenSearch, MySQL/MariaDB, PostgreSQL, Cassandra, etcd, RabbitMQ management, Kibana, OpenSearch Dashboards, Jupyter, Neo4j, ZooKeeper), recognised by image name. It is reported when nothing shows authentication: no password variables (`REDIS_PASSWORD`, `MONGO_INITDB_ROOT_PASSWORD`, `ELASTIC`/`xpack.security`, `POSTGRES_PASSWORD`, `MYSQL_ROOT_PASSWORD`, …, literal or from a Secret), no auth arguments (`--requirepass`, `--auth`, `--client-cert-auth`, a config file), or explicit opt-outs (`ALLOW_EMPTY_PASSWORD`, `POSTGRES_HOST_AUTH_METHOD=trust`, `xpack.security.enabled=false`, an empty Jupyter token). Products secure by default (Elasticsearch 8+, OpenSearch, Jupyter, Neo4j) fail only on opt-outs; `envFrom` is assumed to carry credentials. Values are never printed.',
  remediation:
    'Do not expose datastores outside the cluster: use a ClusterIP Service and network policies. If it must be reachable, enable authentication (password from a Secret, TLS client certificates) and restrict source ranges.',
  messages: {
    unauthenticated: 'Container "{{container}}" runs {{product}} without authentication ({{detail}}) and is exposed by {{exposures}}',
  },
  links: ['https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types'],
  targets: (inventory) =>
    inventory.workloads().filter((workload) => workload.containers.some((ref) => assessDatastore(ref.container))),
  evaluate(workload, context) {
    const exposures = exposuresOf(context.inventory, workload);
    if (exposures.length === 0) return;
    for (const ref of workload.containers) {
      if (ref.list === 'initContainers') continue;
      const assessment = assessDatastore(ref.container);
      if (!assessment || assessment.authenticated) continue;
      const reaching = exposures.filter((exposure) => reaches(exposure, ref, workload, assessment.defaultPorts));
      if (reaching.length === 0) continue;
      context.fail(
        'unauthenticated',
        {
          container: ref.name,
          product: assessment.product,
          detail: assessment.detail,
          exposures: [...new Set(reaching.map((exposure) => exposure.label))].join(', '),
        },
        { container: ref.name, path: [...ref.path, ...assessment.path] },
      );
    }
  },
});
