import { grantsFor, PV_CREATE, sortGrants } from '../../../analysis/rbac/capabilities.js';
import { defineSubjectCheck } from '../subject-check.js';

/**
 * A PersistentVolume may be a hostPath; a pod claiming it mounts that node directory, whatever
 * Pod Security admission says about hostPath volumes in pods. PVs are cluster-scoped: only
 * ClusterRoleBindings grant this. Dynamic provisioning through StorageClasses needs no PV
 * create for users, only for provisioners.
 */
export const check = defineSubjectCheck<'create'>({
  id: 'rbac-create-pv',
  title: 'Subject can create PersistentVolumes',
  severity: 'medium',
  area: 'rbac',
  admission: true,
  description:
    'Creating PersistentVolumes allows hostPath volumes that expose node directories to any pod that binds them, a node escape that pod-level policies do not see.',
  remediation:
    'Let users request storage with PersistentVolumeClaims and StorageClasses; keep create on persistentvolumes for CSI provisioners.',
  messages: {
    create: '{{subject}}{{members}} can create PersistentVolumes (hostPath included): {{grants}}',
  },
  links: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#persistent-volume-creation'],
  detect({ perms, bindings }) {
    const grants = sortGrants(grantsFor(perms, bindings, PV_CREATE));
    return grants.length > 0 ? { messageId: 'create', grants } : undefined;
  },
});
