import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

const efsVolume = (name: string, handle: string, extra: string): string => `
apiVersion: v1
kind: PersistentVolume
metadata: { name: ${name} }
spec:
  capacity: { storage: 5Gi }
  accessModes: [ReadWriteMany]
  storageClassName: efs-sc
${extra}
  csi:
    driver: efs.csi.aws.com
    volumeHandle: ${handle}
`;

describeCheck(check, {
  pass: [
    {
      name: 'encrypted gp3 class and EFS with default TLS',
      yaml: `
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: gp3 }
provisioner: ebs.csi.aws.com
parameters: { type: gp3, encrypted: "true", kmsKeyId: "arn:aws:kms:eu-west-1:111122223333:key/abcd" }
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: efs-sc }
provisioner: efs.csi.aws.com
parameters: { provisioningMode: efs-ap, fileSystemId: fs-0123abcd, directoryPerms: "700" }
---${efsVolume('shared', 'fs-0123abcd', '')}`,
    },
    {
      name: 'EFS with encryptInTransit off but an access point (the driver forces TLS)',
      yaml: `${efsVolume('ap', 'fs-0123abcd::fsap-0456ef', '')}    volumeAttributes: { encryptInTransit: "false" }
`,
    },
    {
      name: 'in-tree EBS class with a Go boolean spelling',
      yaml: `
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: gp2 }
provisioner: kubernetes.io/aws-ebs
parameters: { type: gp2, encrypted: "True" }
`,
    },
    {
      name: 'account-level EBS encryption by default',
      aws: { ec2: { ebsEncryptionByDefault: true } },
      yaml: `
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: gp3 }
provisioner: ebs.csi.aws.com
parameters: { type: gp3 }
`,
    },
  ],
  fail: [
    {
      name: 'EBS CSI class without the parameter, and one that spells it other than "true"',
      yaml: `
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: gp3 }
provisioner: ebs.csi.aws.com
parameters: { type: gp3 }
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: io2 }
provisioner: ebs.csi.aws.com
parameters: { type: io2, encrypted: "True" }
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: legacy }
provisioner: kubernetes.io/aws-ebs
`,
      expect: [
        { resource: 'StorageClass/gp3', path: 'parameters.encrypted', message: 'parameters.encrypted is not set' },
        { resource: 'StorageClass/io2', path: 'parameters.encrypted', message: 'parameters.encrypted is "True"' },
        { resource: 'StorageClass/legacy', path: 'parameters.encrypted', message: '(kubernetes.io/aws-ebs)' },
      ],
    },
    {
      name: 'static EFS volume with TLS turned off',
      yaml: `${efsVolume('reports', 'fs-0123abcd:/reports', '  mountOptions: [nfsvers=4.1]')}    volumeAttributes: { encryptintransit: "0" }
`,
      expect: [
        {
          resource: 'PersistentVolume/reports',
          path: 'spec.csi.volumeAttributes.encryptintransit',
          message: 'mounts EFS fs-0123abcd:/reports with encryptintransit: "0"',
        },
      ],
    },
    {
      name: 'EFS mounted as plain NFS by a volume and by a pod',
      yaml: `
apiVersion: v1
kind: PersistentVolume
metadata: { name: legacy-efs }
spec:
  capacity: { storage: 5Gi }
  accessModes: [ReadWriteMany]
  nfs: { server: fs-0123abcd.efs.eu-west-1.amazonaws.com, path: / }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: worker, namespace: jobs }
spec:
  template:
    spec:
      containers: [{ name: worker, image: worker:1.0 }]
      volumes:
        - name: cache
          emptyDir: {}
        - name: shared
          nfs: { server: eu-west-1a.fs-0456cdef.efs.eu-west-1.amazonaws.com, path: /shared }
`,
      expect: [
        { resource: 'PersistentVolume/legacy-efs', path: 'spec.nfs.server', message: 'mounts EFS fs-0123abcd as a plain NFS volume' },
        {
          resource: 'Deployment/jobs/worker',
          path: 'spec.template.spec.volumes[1].nfs.server',
          message: 'Deployment "worker" volume "shared" mounts EFS fs-0456cdef',
        },
      ],
    },
  ],
});
