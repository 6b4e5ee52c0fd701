import { grantsFor, NODES_PROXY, sortGrants } from '../../../analysis/rbac/capabilities.js';
import { listText, namesOf, verbsOf } from '../../../analysis/rbac/grant-text.js';
import { defineSubjectCheck } from '../subject-check.js';

/**
 * nodes/proxy reaches the kubelet API of a node: /exec, /run and /attach in any pod on it,
 * outside API-server admission and audit of the command. Every verb counts (the kubelet maps
 * HTTP methods to verbs, and `get` opens a WebSocket exec). Cluster-scoped, so only
 * ClusterRoleBindings grant it; resourceNames limit it to named nodes, still reported.
 */
export const check = defineSubjectCheck<'proxy'>({
  id: 'rbac-nodes-proxy',
  title: 'Subject can reach the kubelet API through nodes/proxy',
  severity: 'high',
  area: 'rbac',
  admission: true,
  description:
    'Access to nodes/proxy is access to the kubelet API: commands in any container of the node, with no pod admission and with the command hidden from API-server audit logs.',
  remediation:
    'Remove nodes/proxy from roles; monitoring agents need nodes/metrics and nodes/stats, not nodes/proxy.',
  messages: {
    proxy: '{{subject}}{{members}} can use the kubelet API of {{nodes}} ({{verbs}} on nodes/proxy): {{grants}}',
  },
  links: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#access-to-proxy-subresource-of-nodes'],
  detect({ perms, bindings }) {
    const grants = sortGrants(grantsFor(perms, bindings, NODES_PROXY));
    if (grants.length === 0) return undefined;
    const names = namesOf(grants);
    return {
      messageId: 'proxy',
      data: {
        nodes: names ? `nodes ${listText(names)}` : 'every node',
        verbs: verbsOf(grants, ['get', 'create', 'update', 'patch', 'delete']),
      },
      grants,
    };
  },
});
