/** Cases of the audit rules about workloads and what runs in them: exec, attach, port-forward, privileged or host-mounting pods, node proxy, debug containers, file copies, kube-system pods, CronJobs, miners. */
import { CREATE_POD_EVENT, DEBUG_CONTAINER_EVENT, EXEC_EVENT, NODE_PROXY_RUN_EVENT } from '../../events/test-support/samples.js';
import { audit, EKS_USER, inKubeSystem, podSpec, asDeployment, hostPath, asPatch, NODE, SYSTEM_SA, refused, metadataOnly, at, asCronJob, execCommand, type RuleCases } from './cases.js';

export const AUDIT_WORKLOAD_CASES: Record<string, RuleCases> = {
  'k8s-exec-into-pod': {
    positive: [
      audit(EXEC_EVENT),
      audit(EXEC_EVENT, (e) => {
        e.objectRef!.subresource = 'attach';
        e.verb = 'get'; // websocket streaming (kubectl ≥ 1.30)
      }),
    ],
    negative: [
      audit(EXEC_EVENT, (e) => (e.responseStatus = { code: 403, status: 'Failure', reason: 'Forbidden' })),
      audit(EXEC_EVENT, (e) => (e.objectRef!.subresource = 'log')),
      audit(EXEC_EVENT, inKubeSystem),
      audit(EXEC_EVENT, (e) => (e.stage = 'ResponseStarted')),
    ],
  },
  'k8s-exec-into-kube-system-pod': {
    positive: [audit(EXEC_EVENT, inKubeSystem)],
    negative: [audit(EXEC_EVENT), audit(EXEC_EVENT, (e) => (inKubeSystem(e), (e.user = EKS_USER)))],
  },
  'k8s-port-forward': {
    positive: [
      audit(EXEC_EVENT, (e) => {
        e.objectRef!.subresource = 'portforward';
        e.requestURI = '/api/v1/namespaces/payments/pods/api-7d9c5b6f4-x2kqp/portforward';
      }),
    ],
    negative: [audit(EXEC_EVENT)],
  },
  'k8s-privileged-pod-created': {
    positive: [
      audit(CREATE_POD_EVENT, (e) => (podSpec(e).containers[0].securityContext = { privileged: true })),
      audit(CREATE_POD_EVENT, (e) => {
        podSpec(e).initContainers = [{ name: 'init', image: 'busybox', securityContext: { privileged: true } }];
        asDeployment(e);
      }),
      // kubectl apply making an existing Deployment privileged: only the response shows it
      audit(CREATE_POD_EVENT, (e) => {
        podSpec(e).containers[0].securityContext = { privileged: true };
        asDeployment(e);
        asPatch({ spec: { template: { spec: { containers: [{ name: 'debug', securityContext: { privileged: true } }] } } } })(e);
      }),
      // a kube-system add-on's token (here the load balancer controller's) is no control-plane component
      audit(CREATE_POD_EVENT, (e) => ((podSpec(e).containers[0].securityContext = { privileged: true }), (e.user = SYSTEM_SA('aws-load-balancer-controller')))),
      // kubectl patch --type=json: the request is a list of operations
      audit(CREATE_POD_EVENT, (e) => {
        podSpec(e).containers[0].securityContext = { privileged: true };
        asDeployment(e);
        asPatch({})(e);
        e.requestObject = [{ op: 'add', path: '/spec/template/spec/containers/0/securityContext/privileged', value: true }];
      }),
    ],
    negative: [
      audit(CREATE_POD_EVENT),
      audit(CREATE_POD_EVENT, (e) => (podSpec(e).containers[0].securityContext = { privileged: false })),
      audit(CREATE_POD_EVENT, (e) => {
        podSpec(e).containers[0].securityContext = { privileged: true };
        e.user = { username: 'system:serviceaccount:kube-system:daemon-set-controller', groups: ['system:serviceaccounts'] };
      }),
      // a label added to a pod that was already privileged: the spec is unchanged
      audit(CREATE_POD_EVENT, (e) => ((podSpec(e).containers[0].securityContext = { privileged: true }), asPatch({ metadata: { labels: { tier: 'debug' } } })(e))),
      // Metadata level: no body, no verdict (and no crash)
      audit(CREATE_POD_EVENT, (e) => {
        e.level = 'Metadata';
        delete e.requestObject;
      }),
    ],
  },
  'k8s-host-namespace-pod-created': {
    positive: [
      audit(CREATE_POD_EVENT, (e) => (podSpec(e).hostNetwork = true)),
      audit(CREATE_POD_EVENT, (e) => (podSpec(e).hostPID = true, asDeployment(e))),
      audit(CREATE_POD_EVENT, (e) => ((podSpec(e).hostPID = true), asDeployment(e), asPatch({ spec: { template: { spec: { hostPID: true } } } })(e))),
    ],
    negative: [
      audit(CREATE_POD_EVENT),
      audit(CREATE_POD_EVENT, (e) => (podSpec(e).hostNetwork = false)),
      audit(CREATE_POD_EVENT, (e) => ((podSpec(e).hostNetwork = true), asDeployment(e), asPatch({ metadata: { annotations: { owner: 'platform' } } })(e))),
    ],
  },
  'k8s-sensitive-hostpath-created': {
    positive: [
      audit(CREATE_POD_EVENT, hostPath('/etc')),
      audit(CREATE_POD_EVENT, (e) => (hostPath('/var/lib/kubelet/pki')(e), asDeployment(e))),
      // written with a trailing or doubled slash, or below a sensitive directory
      audit(CREATE_POD_EVENT, hostPath('/etc/')),
      audit(CREATE_POD_EVENT, hostPath('//var//')),
      audit(CREATE_POD_EVENT, hostPath('/home/ec2-user')),
      audit(CREATE_POD_EVENT, hostPath('/etc/shadow')),
      audit(CREATE_POD_EVENT, (e) => (hostPath('/root/')(e), asDeployment(e), asPatch({ spec: { template: { spec: { volumes: [{ name: 'host', hostPath: { path: '/root/' } }] } } } })(e))),
    ],
    negative: [
      audit(CREATE_POD_EVENT),
      audit(CREATE_POD_EVENT, hostPath('/mnt/data')),
      audit(CREATE_POD_EVENT, hostPath('/etc/ssl/certs/')), // CA bundle
      audit(CREATE_POD_EVENT, hostPath('/run/xtables.lock')),
      audit(CREATE_POD_EVENT, hostPath('/etcd-backup')), // a prefix of /etc/ only as text
    ],
  },
  'k8s-runtime-socket-mounted': {
    positive: [
      audit(CREATE_POD_EVENT, hostPath('/run/containerd/containerd.sock')),
      // the directory holding the socket
      audit(CREATE_POD_EVENT, hostPath('/run/containerd')),
      audit(CREATE_POD_EVENT, hostPath('/var/run/containerd/')),
      audit(CREATE_POD_EVENT, (e) => (hostPath('/var/run')(e), asDeployment(e), asPatch({ spec: { template: { spec: { volumes: [{ name: 'host', hostPath: { path: '/var/run' } }] } } } })(e))),
    ],
    negative: [
      audit(CREATE_POD_EVENT, hostPath('/mnt/data')),
      audit(CREATE_POD_EVENT, (e) => (hostPath('/var/run/docker.sock')(e), (e.user = EKS_USER))),
      audit(CREATE_POD_EVENT, hostPath('/var/lib/containerd')), // images and snapshots, no socket
      audit(CREATE_POD_EVENT, hostPath('/run/containerd-extra')),
      audit(CREATE_POD_EVENT, hostPath('/')), // k8s-sensitive-hostpath-created's
    ],
  },
  'k8s-node-proxy-kubelet-command': {
    positive: [
      audit(NODE_PROXY_RUN_EVENT),
      audit(NODE_PROXY_RUN_EVENT, (e) => {
        e.verb = 'get'; // websocket upgrade
        e.requestURI = `/api/v1/nodes/${NODE}/proxy/exec/kube-system/aws-node-6qvzx/aws-node?command=sh&input=1&output=1&tty=1`;
        e.responseStatus = { metadata: {}, code: 101 };
      }),
    ],
    negative: [
      audit(NODE_PROXY_RUN_EVENT, (e) => ((e.verb = 'get'), (e.requestURI = `/api/v1/nodes/${NODE}/proxy/metrics/cadvisor`))),
      audit(NODE_PROXY_RUN_EVENT, refused),
    ],
  },
  'k8s-node-proxy-access': {
    positive: [
      audit(NODE_PROXY_RUN_EVENT, (e) => ((e.verb = 'get'), (e.requestURI = `/api/v1/nodes/${NODE}/proxy/pods`))),
      audit(NODE_PROXY_RUN_EVENT, (e) => ((e.verb = 'get'), (e.requestURI = `/api/v1/nodes/${NODE}:10250/proxy/configz`))),
    ],
    negative: [
      audit(NODE_PROXY_RUN_EVENT),
      audit(NODE_PROXY_RUN_EVENT, (e) => ((e.verb = 'get'), (e.requestURI = `/api/v1/nodes/${NODE}/proxy/metrics/cadvisor`))),
      audit(NODE_PROXY_RUN_EVENT, (e) => ((e.verb = 'get'), (e.requestURI = `/api/v1/nodes/${NODE}/proxy/metrics`))),
      audit(NODE_PROXY_RUN_EVENT, (e) => ((e.verb = 'get'), (e.requestURI = `/api/v1/nodes/${NODE}/proxy/pods`), (e.user = EKS_USER))),
    ],
  },
  'k8s-ephemeral-container-added': {
    positive: [audit(DEBUG_CONTAINER_EVENT), audit(DEBUG_CONTAINER_EVENT, (e) => (e.verb = 'update'))],
    negative: [
      audit(DEBUG_CONTAINER_EVENT, refused),
      audit(DEBUG_CONTAINER_EVENT, (e) => (e.user = EKS_USER)),
      audit(DEBUG_CONTAINER_EVENT, (e) => delete e.objectRef!.subresource), // a patch of the pod itself
    ],
  },
  'k8s-file-copied-from-pod': {
    positive: [audit(EXEC_EVENT, execCommand('tar', 'cf', '-', '/etc/app/config.yaml')), audit(EXEC_EVENT, execCommand('tar', 'cf', '-', '-C', '/var/lib/app', 'data'))],
    negative: [audit(EXEC_EVENT), audit(EXEC_EVENT, execCommand('tar', '-xmf', '-', '-C', '/tmp')), audit(EXEC_EVENT, (e) => (execCommand('tar', 'cf', '-', '/etc')(e), refused(e)))],
  },
  'k8s-file-copied-into-pod': {
    positive: [audit(EXEC_EVENT, execCommand('tar', '-xmf', '-', '-C', '/tmp')), audit(EXEC_EVENT, execCommand('tar', 'xf', '-'))],
    negative: [audit(EXEC_EVENT), audit(EXEC_EVENT, execCommand('tar', 'cf', '-', '/etc/app/config.yaml')), audit(EXEC_EVENT, execCommand('sh', '-c', 'tar -xmf -'))],
  },
  'k8s-pod-created-in-kube-system': {
    positive: [audit(CREATE_POD_EVENT, at('pods', { namespace: 'kube-system', name: 'debug' }))],
    negative: [
      audit(CREATE_POD_EVENT),
      audit(CREATE_POD_EVENT, (e) => (at('pods', { namespace: 'kube-system', name: 'aws-node-6qvzx' })(e), (e.user = SYSTEM_SA('daemon-set-controller')))),
      audit(CREATE_POD_EVENT, (e) => {
        at('pods', { namespace: 'kube-system', name: `kube-proxy-${NODE}` })(e); // a mirror pod
        e.user = { username: `system:node:${NODE}`, groups: ['system:nodes', 'system:authenticated'] };
      }),
    ],
  },
  'k8s-service-account-created-in-kube-system': {
    positive: [audit(CREATE_POD_EVENT, (e) => (at('serviceaccounts', { namespace: 'kube-system', name: 'kube-proxy-sa' })(e), (e.requestObject = { kind: 'ServiceAccount', apiVersion: 'v1', metadata: { name: 'kube-proxy-sa', namespace: 'kube-system' } })))],
    negative: [
      audit(CREATE_POD_EVENT, at('serviceaccounts', { namespace: 'payments', name: 'api' })),
      audit(CREATE_POD_EVENT, (e) => (at('serviceaccounts', { namespace: 'kube-system', name: 'ebs-csi-controller-sa' })(e), (e.user = { username: 'eks:addon-manager', groups: ['system:authenticated'] }))),
    ],
  },
  'k8s-cronjob-created-by-user': {
    positive: [audit(CREATE_POD_EVENT, asCronJob)],
    negative: [
      audit(CREATE_POD_EVENT, (e) => (asCronJob(e), (e.user = { username: 'system:serviceaccount:argocd:argocd-application-controller', groups: ['system:serviceaccounts', 'system:authenticated'] }))),
      audit(CREATE_POD_EVENT, asDeployment),
      audit(CREATE_POD_EVENT, (e) => (asCronJob(e), (e.verb = 'update'))),
    ],
  },
  'k8s-crypto-miner-workload': {
    positive: [
      audit(CREATE_POD_EVENT, (e) => (podSpec(e).containers[0].image = 'docker.io/Metal3d/XMRig:latest')),
      audit(CREATE_POD_EVENT, (e) => {
        podSpec(e).containers[0].image = 'public.ecr.aws/docker/library/alpine:3.20';
        podSpec(e).containers[0].args = ['-o', 'stratum+tcp://pool.example.net:3333', '--donate-level=0'];
        asDeployment(e);
      }),
      // kubectl set image on an existing Deployment
      audit(CREATE_POD_EVENT, (e) => {
        podSpec(e).containers[0].image = 'docker.io/metal3d/xmrig:latest';
        asDeployment(e);
        asPatch({ spec: { template: { spec: { containers: [{ name: 'debug', image: 'docker.io/metal3d/xmrig:latest' }] } } } })(e);
      }),
    ],
    negative: [
      audit(CREATE_POD_EVENT),
      audit(CREATE_POD_EVENT, (e) => ((podSpec(e).containers[0].image = 'docker.io/metal3d/xmrig:latest'), metadataOnly(e))),
      audit(CREATE_POD_EVENT, (e) => (podSpec(e).containers[0].args = ['--listen', 'tcp://0.0.0.0:8080'])),
    ],
  },
};
