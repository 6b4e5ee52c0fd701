import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AnyCheck } from '../define-check.js';
import { describeCheck, scanCase } from '../test-support/check-tester.js';
import { loadCustomChecks } from './load-custom-checks.js';

const POLICIES = fileURLToPath(new URL('../../../examples/config/policies/', import.meta.url));
const loaded = loadCustomChecks(['./'], POLICIES);

function example(id: string): AnyCheck {
  const check = loaded.checks.find((candidate) => candidate.id === id);
  if (!check) throw new Error(`${id} not loaded: ${JSON.stringify(loaded.errors)}`);
  return check;
}

describe('the documented examples', () => {
  it('load without errors, as checks of area custom', () => {
    expect(loaded.errors).toEqual([]);
    expect(loaded.checks.map((check) => [check.id, check.area, check.severity])).toEqual([
      ['custom-app-uid-range', 'custom', 'medium'],
      ['custom-team-label', 'custom', 'low'],
    ]);
  });
});

describeCheck(example('custom-team-label'), {
  pass: [
    {
      name: 'labelled Deployment and StatefulSet; other kinds and kube-system are not evaluated',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: checkout, namespace: shop, labels: { team: payments } }
spec: { template: { spec: { containers: [{ name: app, image: checkout:1.4 }] } } }
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: search-index, namespace: search, labels: { team: search, tier: data } }
spec: { template: { spec: { containers: [{ name: es, image: opensearch:2.15 }] } } }
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: log-shipper, namespace: ops }
spec: { template: { spec: { containers: [{ name: shipper, image: fluent-bit:3.1 }] } } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: coredns, namespace: kube-system }
spec: { template: { spec: { containers: [{ name: coredns, image: coredns:1.11 }] } } }
`,
    },
    {
      name: 'team from the configured list',
      options: { teams: ['payments', 'search'] },
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: checkout, namespace: shop, labels: { team: payments } }
spec: { template: { spec: { containers: [{ name: app, image: checkout:1.4 }] } } }
`,
    },
  ],
  fail: [
    {
      name: 'no labels at all: has() guards the absent map, so it fails instead of erroring',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: checkout, namespace: shop }
spec: { template: { spec: { containers: [{ name: app, image: checkout:1.4 }] } } }
`,
      expect: [{ resource: 'Deployment/shop/checkout', path: 'metadata.labels', message: 'Deployment "checkout" has no team label' }],
    },
    {
      name: 'labels without team',
      yaml: `
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: ledger, namespace: shop, labels: { app: ledger } }
spec: { template: { spec: { containers: [{ name: db, image: postgres:16 }] } } }
`,
      expect: [{ resource: 'StatefulSet/shop/ledger', path: 'metadata.labels' }],
    },
    {
      name: 'a team outside the configured list',
      options: { teams: ['payments'] },
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: checkout, namespace: shop, labels: { team: paymnets } }
spec: { template: { spec: { containers: [{ name: app, image: checkout:1.4 }] } } }
`,
      expect: [{ path: 'metadata.labels.team', message: 'names a team that is not in the configured list' }],
    },
  ],
});

describeCheck(example('custom-app-uid-range'), {
  pass: [
    {
      name: 'pod-level UID inherited by every container, including init containers',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: apps-shop }
spec:
  template:
    spec:
      securityContext: { runAsUser: 10001 }
      initContainers: [{ name: migrate, image: api:2.0 }]
      containers: [{ name: api, image: api:2.0 }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: legacy, namespace: default }
spec: { template: { spec: { containers: [{ name: app, image: legacy:1 }] } } }
`,
    },
    {
      name: 'container setting overrides a low pod setting',
      yaml: `
apiVersion: batch/v1
kind: CronJob
metadata: { name: report, namespace: apps-finance }
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          securityContext: { runAsUser: 0 }
          containers: [{ name: report, image: report:3, securityContext: { runAsUser: 20000 } }]
`,
    },
  ],
  fail: [
    {
      name: 'a container overrides the pod UID with root; another has nothing set',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: apps-shop }
spec:
  template:
    spec:
      securityContext: { runAsUser: 10001 }
      containers:
        - { name: api, image: api:2.0 }
        - { name: debug, image: busybox:1.36, securityContext: { runAsUser: 0 } }
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: cache, namespace: apps-shop }
spec:
  template:
    spec:
      initContainers: [{ name: warm, image: redis:7.4, securityContext: { runAsUser: 70000 } }]
      containers: [{ name: redis, image: redis:7.4 }]
`,
      expect: [
        {
          resource: 'Deployment/apps-shop/api',
          container: 'debug',
          path: 'spec.template.spec.containers[1].securityContext.runAsUser',
          message: 'Container "debug" does not run with a UID between 10000 and 65535',
        },
        { resource: 'StatefulSet/apps-shop/cache', container: 'warm', path: 'spec.template.spec.initContainers[0].securityContext.runAsUser' },
        { resource: 'StatefulSet/apps-shop/cache', container: 'redis', path: 'spec.template.spec.containers[0].securityContext.runAsUser' },
      ],
    },
  ],
});

describe('custom check findings', () => {
  it('are located on the line of the evidence in the manifest', () => {
    const { results } = scanCase(example('custom-app-uid-range'), {
      name: 'location',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: apps-shop }
spec:
  template:
    spec:
      containers:
        - name: api
          image: api:2.0
          securityContext:
            runAsUser: 0
`,
    });
    expect(results.map((result) => [result.status, result.location?.line])).toEqual([['fail', 11]]);
  });
});
