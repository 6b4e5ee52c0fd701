import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'runtime default AppArmor, Localhost profile, MCS level only',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata:
      labels: { app: web }
      annotations:
        container.apparmor.security.beta.kubernetes.io/web: runtime/default
    spec:
      securityContext:
        appArmorProfile: { type: RuntimeDefault }
        seLinuxOptions: { level: "s0:c123,c456" }
      containers:
        - name: web
          image: nginx:1.27
          securityContext:
            appArmorProfile: { type: Localhost, localhostProfile: k8s-nginx }
            seLinuxOptions: { type: container_t }
`,
    },
  ],
  fail: [
    {
      name: 'Unconfined AppArmor at pod level and by annotation',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: agent, namespace: security }
spec:
  selector: { matchLabels: { app: agent } }
  template:
    metadata:
      labels: { app: agent }
      annotations:
        container.apparmor.security.beta.kubernetes.io/sensor: unconfined
    spec:
      securityContext: { appArmorProfile: { type: Unconfined } }
      containers:
        - name: sensor
          image: security/sensor:4.2
        - name: uploader
          image: security/uploader:4.2
          securityContext: { appArmorProfile: { type: RuntimeDefault } }
`,
      expect: [
        {
          resource: 'Deployment/security/agent',
          path: 'spec.template.spec.securityContext.appArmorProfile.type',
          message: 'Pod sets AppArmor profile Unconfined, which containers "sensor" inherit',
        },
        {
          resource: 'Deployment/security/agent',
          container: 'sensor',
          path: 'spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/sensor"]',
        },
      ],
    },
    {
      name: 'spc_t on a container, a custom SELinux user at pod level',
      yaml: `
apiVersion: v1
kind: Pod
metadata: { name: storage-node, namespace: storage }
spec:
  securityContext: { seLinuxOptions: { user: system_u, level: "s0" } }
  containers:
    - name: csi
      image: storage/csi:1.8
      securityContext:
        seLinuxOptions: { type: spc_t }
        appArmorProfile: { type: Unconfined }
    - name: registrar
      image: registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.12.0
`,
      expect: [
        {
          resource: 'Pod/storage/storage-node',
          container: 'csi',
          path: 'spec.containers[0].securityContext.seLinuxOptions.type',
          message: 'super privileged container',
        },
        { resource: 'Pod/storage/storage-node', container: 'csi', path: 'spec.containers[0].securityContext.appArmorProfile.type' },
        {
          resource: 'Pod/storage/storage-node',
          path: 'spec.securityContext.seLinuxOptions.user',
          message: 'Pod sets SELinux user "system_u", which containers "registrar" inherit',
        },
      ],
    },
  ],
});
