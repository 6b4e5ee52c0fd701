/**
 * Heuristics for well-known datastores and admin tools that serve without authentication by
 * default or when told to: which image family a container runs, and whether its environment
 * or arguments show authentication configured. Values are read to decide, never reported.
 */
import type { Container, EvidencePath } from '../../model/index.js';
import { parseImage, versionOf, type ImageRef } from '../../analysis/network/image-ref.js';

export interface AuthAssessment {
  product: string;
  defaultPorts: readonly number[];
  authenticated: boolean;
  /** Why it looks unauthenticated (or what shows authentication). */
  detail: string;
  /** Field inside the container that decides (`['env', 3]`), or the image. */
  path: EvidencePath;
}

interface Signals {
  container: Container;
  image: ImageRef;
  env(name: string): { value: string | undefined; fromRef: boolean; index: number } | undefined;
  hasEnv(...names: string[]): string | undefined;
  truthy(name: string): { index: number; value: string } | undefined;
  args: string[];
  hasArg(pattern: RegExp): boolean;
  /** Environment comes in bulk from a Secret/ConfigMap, which may hold the credentials. */
  bulkEnv: boolean;
}

interface Family {
  product: string;
  names: readonly string[] | ((image: ImageRef) => boolean);
  defaultPorts: readonly number[];
  assess(signals: Signals): { authenticated: boolean; detail: string; envIndex?: number };
}

const TRUTHY = new Set(['yes', 'true', '1', 'on']);

function authenticatedBy(what: string): { authenticated: true; detail: string } {
  return { authenticated: true, detail: what };
}

const FAMILIES: readonly Family[] = [
  {
    product: 'Redis',
    names: ['redis', 'redis-stack', 'redis-stack-server', 'valkey', 'keydb'],
    defaultPorts: [6379],
    assess(s) {
      const empty = s.truthy('ALLOW_EMPTY_PASSWORD');
      if (empty) return { authenticated: false, detail: 'ALLOW_EMPTY_PASSWORD is set', envIndex: empty.index };
      const password = s.hasEnv('REDIS_PASSWORD', 'REDIS_PASSWORD_FILE', 'VALKEY_PASSWORD', 'VALKEY_PASSWORD_FILE');
      if (password) return authenticatedBy(password);
      if (s.hasArg(/^--requirepass\b|^--aclfile\b|\.conf$/)) return authenticatedBy('requirepass, ACL or config file in arguments');
      return { authenticated: false, detail: 'no password or ACL configured; the image runs with protected mode off' };
    },
  },
  {
    product: 'Memcached',
    names: ['memcached'],
    defaultPorts: [11211],
    assess(s) {
      if (s.hasArg(/^(-S|--enable-sasl)$/) || s.hasEnv('MEMCACHED_PASSWORD')) return authenticatedBy('SASL enabled');
      return { authenticated: false, detail: 'memcached has no authentication unless SASL is enabled (-S)' };
    },
  },
  {
    product: 'MongoDB',
    names: ['mongo', 'mongodb', 'mongodb-community-server', 'mongodb-enterprise-server'],
    defaultPorts: [27017],
    assess(s) {
      const empty = s.truthy('ALLOW_EMPTY_PASSWORD');
      if (empty) return { authenticated: false, detail: 'ALLOW_EMPTY_PASSWORD is set', envIndex: empty.index };
      const password = s.hasEnv(
        'MONGO_INITDB_ROOT_PASSWORD',
        'MONGO_INITDB_ROOT_PASSWORD_FILE',
        'MONGODB_INITDB_ROOT_PASSWORD',
        'MONGODB_ROOT_PASSWORD',
        'MONGODB_PASSWORD',
      );
      if (password) return authenticatedBy(password);
      if (s.hasArg(/^--(auth|keyFile|config)\b|^-f$/)) return authenticatedBy('--auth, --keyFile or a config file in arguments');
      return { authenticated: false, detail: 'no root user configured, so access control stays off' };
    },
  },
  {
    product: 'Elasticsearch',
    names: ['elasticsearch'],
    defaultPorts: [9200],
    assess(s) {
      const disabled = s.env('xpack.security.enabled');
      if (disabled?.value === 'false') return { authenticated: false, detail: 'xpack.security.enabled is false', envIndex: disabled.index };
      if (disabled?.value === 'true') return authenticatedBy('xpack.security.enabled');
      if (s.image.repository.startsWith('bitnami/')) {
        const enabled = s.truthy('ELASTICSEARCH_ENABLE_SECURITY');
        return enabled
          ? authenticatedBy('ELASTICSEARCH_ENABLE_SECURITY')
          : { authenticated: false, detail: 'the Bitnami image leaves security off unless ELASTICSEARCH_ENABLE_SECURITY is set' };
      }
      const version = versionOf(s.image.tag);
      if (version && version.major < 8) {
        return { authenticated: false, detail: `Elasticsearch ${version.major}.x has security off unless xpack.security.enabled is set` };
      }
      return authenticatedBy('security is on by default since 8.0');
    },
  },
  {
    product: 'OpenSearch',
    names: ['opensearch'],
    defaultPorts: [9200],
    assess(s) {
      const disabled = s.truthy('DISABLE_SECURITY_PLUGIN') ?? s.truthy('plugins.security.disabled');
      if (disabled) return { authenticated: false, detail: 'the security plugin is disabled', envIndex: disabled.index };
      return authenticatedBy('security plugin enabled by default');
    },
  },
  {
    product: 'MySQL/MariaDB',
    names: ['mysql', 'mysql-server', 'mariadb', 'percona-server', 'percona'],
    defaultPorts: [3306],
    assess(s) {
      const empty =
        s.truthy('MYSQL_ALLOW_EMPTY_PASSWORD') ?? s.truthy('MARIADB_ALLOW_EMPTY_ROOT_PASSWORD') ?? s.truthy('ALLOW_EMPTY_PASSWORD');
      if (empty) return { authenticated: false, detail: 'an empty root password is allowed', envIndex: empty.index };
      const password = s.hasEnv(
        'MYSQL_ROOT_PASSWORD',
        'MYSQL_ROOT_PASSWORD_FILE',
        'MYSQL_RANDOM_ROOT_PASSWORD',
        'MARIADB_ROOT_PASSWORD',
        'MARIADB_ROOT_PASSWORD_FILE',
        'MARIADB_RANDOM_ROOT_PASSWORD',
      );
      if (password) return authenticatedBy(password);
      if (s.hasArg(/^--defaults-file\b/)) return authenticatedBy('a defaults file in arguments');
      return { authenticated: false, detail: 'no root password configured' };
    },
  },
  {
    product: 'PostgreSQL',
    names: ['postgres', 'postgresql', 'postgis', 'timescaledb', 'timescaledb-ha'],
    defaultPorts: [5432],
    assess(s) {
      const trust = s.env('POSTGRES_HOST_AUTH_METHOD');
      if (trust?.value === 'trust') return { authenticated: false, detail: 'POSTGRES_HOST_AUTH_METHOD is trust', envIndex: trust.index };
      const empty = s.truthy('ALLOW_EMPTY_PASSWORD');
      if (empty) return { authenticated: false, detail: 'ALLOW_EMPTY_PASSWORD is set', envIndex: empty.index };
      const password = s.hasEnv('POSTGRES_PASSWORD', 'POSTGRES_PASSWORD_FILE', 'POSTGRESQL_PASSWORD', 'POSTGRESQL_PASSWORD_FILE');
      if (password) return authenticatedBy(password);
      if (s.hasArg(/(hba_file|config_file)=/)) return authenticatedBy('its own pg_hba/config file');
      return { authenticated: false, detail: 'no superuser password configured' };
    },
  },
  {
    product: 'Cassandra',
    names: ['cassandra'],
    defaultPorts: [9042],
    assess(s) {
      const authenticator = s.env('CASSANDRA_AUTHENTICATOR');
      if (authenticator?.value === 'AllowAllAuthenticator') {
        return { authenticated: false, detail: 'CASSANDRA_AUTHENTICATOR is AllowAllAuthenticator', envIndex: authenticator.index };
      }
      if (authenticator?.value || s.hasEnv('CASSANDRA_PASSWORD', 'CASSANDRA_PASSWORD_FILE')) return authenticatedBy('an authenticator is configured');
      if (s.image.repository.startsWith('bitnami/')) return authenticatedBy('the Bitnami image enables PasswordAuthenticator');
      return { authenticated: false, detail: 'the default AllowAllAuthenticator accepts anyone' };
    },
  },
  {
    product: 'etcd',
    names: ['etcd'],
    defaultPorts: [2379],
    assess(s) {
      const none = s.truthy('ALLOW_NONE_AUTHENTICATION');
      if (none) return { authenticated: false, detail: 'ALLOW_NONE_AUTHENTICATION is set', envIndex: none.index };
      if (s.truthy('ETCD_CLIENT_CERT_AUTH') || s.hasArg(/^--client-cert-auth(=true)?$/) || s.hasEnv('ETCD_ROOT_PASSWORD')) {
        return authenticatedBy('client certificate or password authentication');
      }
      return { authenticated: false, detail: 'neither client certificate authentication nor a root password is configured' };
    },
  },
  {
    product: 'RabbitMQ management',
    names: (image) => image.name === 'rabbitmq' && (/management/.test(image.tag ?? '') || image.repository.startsWith('bitnami/')),
    defaultPorts: [15672],
    assess(s) {
      const password = s.env('RABBITMQ_DEFAULT_PASS') ?? s.env('RABBITMQ_PASSWORD');
      if (password?.value === 'guest' || password?.value === 'bitnami') {
        return { authenticated: false, detail: 'the default user keeps its well-known password', envIndex: password.index };
      }
      return authenticatedBy('the guest user is limited to localhost');
    },
  },
  {
    product: 'Kibana',
    names: ['kibana'],
    defaultPorts: [5601],
    assess(s) {
      const credentials = s.hasEnv(
        'ELASTICSEARCH_USERNAME',
        'ELASTICSEARCH_PASSWORD',
        'ELASTICSEARCH_SERVICEACCOUNTTOKEN',
        'ELASTICSEARCH_SERVICEACCOUNT_TOKEN',
      );
      if (credentials) return authenticatedBy(credentials);
      return { authenticated: false, detail: 'it reaches Elasticsearch without credentials, so it shows no login' };
    },
  },
  {
    product: 'OpenSearch Dashboards',
    names: ['opensearch-dashboards'],
    defaultPorts: [5601],
    assess(s) {
      const disabled = s.truthy('DISABLE_SECURITY_DASHBOARDS_PLUGIN');
      if (disabled) return { authenticated: false, detail: 'the security plugin is disabled', envIndex: disabled.index };
      return authenticatedBy('security plugin enabled by default');
    },
  },
  {
    product: 'Jupyter',
    names: (image) => /(^|-)notebook$/.test(image.name) || image.name === 'jupyterlab',
    defaultPorts: [8888],
    assess(s) {
      const token = s.env('JUPYTER_TOKEN');
      const emptyTokenArg = s.hasArg(/^--(NotebookApp|ServerApp|IdentityProvider)\.token=(''|""|)$/);
      const noPassword = !s.hasArg(/^--(NotebookApp|ServerApp|PasswordIdentityProvider)\.(hashed_)?password=.+/);
      if ((emptyTokenArg || (token && token.value === '' && !token.fromRef)) && noPassword) {
        return { authenticated: false, detail: 'the access token is disabled and no password is set', ...(token && { envIndex: token.index }) };
      }
      return authenticatedBy('token authentication (default)');
    },
  },
  {
    product: 'Neo4j',
    names: ['neo4j'],
    defaultPorts: [7474, 7687],
    assess(s) {
      const auth = s.env('NEO4J_AUTH');
      if (auth?.value === 'none') return { authenticated: false, detail: 'NEO4J_AUTH is none', envIndex: auth.index };
      return authenticatedBy('authentication on by default');
    },
  },
  {
    product: 'ZooKeeper',
    names: ['zookeeper'],
    defaultPorts: [2181],
    assess(s) {
      const anonymous = s.truthy('ALLOW_ANONYMOUS_LOGIN');
      if (anonymous) return { authenticated: false, detail: 'ALLOW_ANONYMOUS_LOGIN is set', envIndex: anonymous.index };
      if (s.truthy('ZOO_ENABLE_AUTH') || /sasl|authProvider/i.test(`${s.env('SERVER_JVMFLAGS')?.value ?? ''} ${s.env('JVMFLAGS')?.value ?? ''}`)) {
        return authenticatedBy('SASL authentication');
      }
      return { authenticated: false, detail: 'ZooKeeper accepts unauthenticated clients by default' };
    },
  },
];

function familyOf(image: ImageRef): Family | undefined {
  return FAMILIES.find((family) =>
    typeof family.names === 'function' ? family.names(image) : family.names.includes(image.name),
  );
}

function signalsOf(container: Container, image: ImageRef): Signals {
  const env = container.env ?? [];
  const find = (name: string): ReturnType<Signals['env']> => {
    const index = env.findIndex((entry) => entry.name === name);
    if (index < 0) return undefined;
    const entry = env[index];
    return { value: entry?.value, fromRef: entry?.valueFrom !== undefined, index };
  };
  const args = [...(container.command ?? []), ...(container.args ?? [])];
  return {
    container,
    image,
    env: find,
    hasEnv: (...names) =>
      names.find((name) => {
        const found = find(name);
        return found !== undefined && (found.fromRef || (found.value ?? '') !== '');
      }),
    truthy: (name) => {
      const found = find(name);
      return found?.value !== undefined && TRUTHY.has(found.value.toLowerCase())
        ? { index: found.index, value: found.value }
        : undefined;
    },
    args,
    hasArg: (pattern) => args.some((arg) => pattern.test(arg)),
    bulkEnv: (container.envFrom ?? []).length > 0,
  };
}

/** Undefined when the container runs none of the known datastores or admin tools. */
export function assessDatastore(container: Container): AuthAssessment | undefined {
  if (!container.image) return undefined;
  const image = parseImage(container.image);
  const family = familyOf(image);
  if (!family) return undefined;
  const signals = signalsOf(container, image);
  const verdict = family.assess(signals);
  // Settings loaded in bulk from a Secret or ConfigMap may hold the credentials: do not guess.
  if (!verdict.authenticated && verdict.envIndex === undefined && signals.bulkEnv) {
    return { product: family.product, defaultPorts: family.defaultPorts, authenticated: true, detail: 'envFrom may provide credentials', path: ['envFrom'] };
  }
  return {
    product: family.product,
    defaultPorts: family.defaultPorts,
    authenticated: verdict.authenticated,
    detail: verdict.detail,
    path: verdict.envIndex !== undefined ? ['env', verdict.envIndex] : ['image'],
  };
}
