import type { EvidencePath, K8sObject, Target } from '../../../model/index.js';
import { refOf, type InventoryView, type Workload } from '../../../inventory/index.js';
import { defineCheck } from '../../define-check.js';
import { toJsonPointer } from '../../../inventory/evidence-path.js';
import { EBS_CSI, EBS_IN_TREE, EFS_CSI, ebsEncrypts, efsFileSystemOfHost, efsTransit } from './storage.js';

type StorageTarget =
  | (Target & { type: 'storage-class'; object: K8sObject })
  | (Target & { type: 'volume'; object: K8sObject })
  | (Target & { type: 'workload'; object: K8sObject; workload: Workload });

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function nfsServer(value: unknown): string | undefined {
  const server = record(value)?.server;
  return typeof server === 'string' ? server : undefined;
}

function storageTargets(inventory: InventoryView): StorageTarget[] {
  const targets: StorageTarget[] = [];
  for (const object of inventory.ofKind('StorageClass')) {
    if (object.provisioner === EBS_CSI || object.provisioner === EBS_IN_TREE) {
      targets.push({ type: 'storage-class', resource: refOf(object), object });
    }
  }
  for (const object of inventory.ofKind('PersistentVolume')) {
    const spec = record(object.spec);
    const efsCsi = record(spec?.csi)?.driver === EFS_CSI;
    const efsNfs = efsFileSystemOfHost(nfsServer(spec?.nfs) ?? '') !== undefined;
    if (efsCsi || efsNfs) targets.push({ type: 'volume', resource: refOf(object), object });
  }
  for (const workload of inventory.workloads()) {
    const mountsEfsOverNfs = (workload.podSpec.volumes ?? []).some((volume) => efsFileSystemOfHost(nfsServer(volume.nfs) ?? ''));
    if (mountsEfsOverNfs) targets.push({ type: 'workload', resource: workload.resource, object: workload.object, workload });
  }
  return targets;
}

export const check = defineCheck<StorageTarget, 'ebsUnencrypted' | 'efsTlsOff' | 'efsOverNfs'>({
  id: 'sec-pv-unencrypted',
  title: 'Unencrypted EBS StorageClass / EFS without TLS',
  severity: 'medium',
  area: 'secrets',
  description:
    'EBS volumes provisioned by a StorageClass without `encrypted: "true"` are stored unencrypted unless EBS encryption by default is on for the account and region. EFS traffic is encrypted in transit by the EFS CSI driver unless a volume sets `encryptInTransit: "false"`; mounting EFS as a plain `nfs` volume never uses TLS.',
  remediation:
    'Create EBS StorageClasses with `parameters.encrypted: "true"` (and `kmsKeyId` for a customer key), or turn on EBS encryption by default; mount EFS through the EFS CSI driver (`efs.csi.aws.com`) without `encryptInTransit: "false"`.',
  messages: {
    ebsUnencrypted: 'StorageClass "{{name}}" ({{provisioner}}) provisions EBS volumes without encryption (parameters.encrypted is {{value}})',
    efsTlsOff: 'PersistentVolume "{{name}}" mounts EFS {{volume}} with {{attribute}}: "{{value}}": traffic to EFS is not encrypted',
    efsOverNfs: '{{what}} mounts EFS {{fileSystem}} as a plain NFS volume ({{server}}): traffic to EFS is not encrypted',
  },
  links: [
    'https://docs.aws.amazon.com/eks/latest/best-practices/data-encryption-and-secrets-management.html',
    'https://github.com/kubernetes-sigs/aws-efs-csi-driver/tree/master/examples/kubernetes/encryption_in_transit',
  ],
  targets: (inventory) => storageTargets(inventory),
  evaluate(target, context) {
    const name = target.object.metadata?.name ?? '';
    if (target.type === 'storage-class') {
      const provisioner = String(target.object.provisioner);
      const parameters = record(target.object.parameters) ?? {};
      const encrypted = typeof parameters.encrypted === 'string' ? parameters.encrypted : undefined;
      if (ebsEncrypts(provisioner, encrypted)) return;
      // With account-level EBS encryption by default, every new volume is encrypted anyway.
      const ec2 = record(record(context.inventory.aws)?.ec2);
      if (ec2?.ebsEncryptionByDefault === true) return;
      const path: EvidencePath = ['parameters', 'encrypted'];
      context.fail('ebsUnencrypted', { name, provisioner, value: encrypted === undefined ? 'not set' : `"${encrypted}"` }, {
        path,
        fix: {
          kind: 'suggestion',
          description:
            'Set parameters.encrypted to "true". StorageClass parameters are immutable: create the class anew (delete and re-apply); existing volumes stay unencrypted until migrated.',
          operations: [
            target.object.parameters === undefined
              ? { op: 'add', path: '/parameters', value: { encrypted: 'true' } }
              : { op: encrypted === undefined ? 'add' : 'replace', path: toJsonPointer(path), value: 'true' },
          ],
        },
      });
      return;
    }
    if (target.type === 'volume') {
      const spec = record(target.object.spec) ?? {};
      const csi = record(spec.csi);
      if (csi?.driver === EFS_CSI) {
        const handle = typeof csi.volumeHandle === 'string' ? csi.volumeHandle : undefined;
        const attributes = record(csi.volumeAttributes);
        const mountOptions = Array.isArray(spec.mountOptions) ? spec.mountOptions.filter((o): o is string => typeof o === 'string') : [];
        const transit = efsTransit(handle, attributes, mountOptions);
        if (transit.encrypted || transit.attribute === undefined) return;
        const path = ['spec', 'csi', 'volumeAttributes', transit.attribute];
        context.fail(
          'efsTlsOff',
          { name, volume: handle ?? '', attribute: transit.attribute, value: String(attributes?.[transit.attribute]) },
          {
            path,
            fix: {
              kind: 'suggestion',
              description: 'Remove encryptInTransit (TLS is the default). A PersistentVolume source is immutable: recreate the volume object.',
              operations: [{ op: 'remove', path: toJsonPointer(path) }],
            },
          },
        );
        return;
      }
      const server = nfsServer(spec.nfs) ?? '';
      context.fail('efsOverNfs', { what: `PersistentVolume "${name}"`, fileSystem: efsFileSystemOfHost(server) ?? '', server }, {
        path: ['spec', 'nfs', 'server'],
      });
      return;
    }
    const { workload } = target;
    (workload.podSpec.volumes ?? []).forEach((volume, index) => {
      const server = nfsServer(volume.nfs) ?? '';
      const fileSystem = efsFileSystemOfHost(server);
      if (!fileSystem) return;
      context.fail(
        'efsOverNfs',
        { what: `${workload.resource.kind} "${workload.resource.name}" volume "${volume.name ?? index}"`, fileSystem, server },
        { path: [...workload.podSpecPath, 'volumes', index, 'nfs', 'server'] },
      );
    });
  },
});
