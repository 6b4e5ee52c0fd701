import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'ordinary ports and commands that merely mention look-alike words',
      yaml: `
apiVersion: apps/v1
kind: Deployment
metadata: { name: git, namespace: dev }
spec:
  template:
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/web:1
          command: [/app/server, --no-sudo, --sudo_user=none]
          args: ["visudo-lint --check", "sshd_config.d"]
          ports:
            - { containerPort: 8080, name: http }
            - { containerPort: 22, protocol: UDP, name: not-ssh }
`,
    },
  ],
  fail: [
    {
      name: 'SSH port, SSH daemon and sudo in a shell script',
      yaml: `
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: bastion, namespace: ops }
spec:
  template:
    spec:
      initContainers:
        - name: setup
          image: ubuntu:24.04
          command: [sh, -c, "apt-get update && sudo apt-get install -y curl"]
      containers:
        - name: sshd
          image: linuxserver/openssh-server:9.7
          command: [/usr/sbin/sshd, -D, -e]
          ports:
            - { containerPort: 22 }
            - { containerPort: 2222, name: SSH }
`,
      expect: [
        {
          resource: 'StatefulSet/ops/bastion',
          container: 'setup',
          path: 'spec.template.spec.initContainers[0].command[2]',
          message: 'Container "setup" runs sudo in its command',
        },
        {
          resource: 'StatefulSet/ops/bastion',
          container: 'sshd',
          path: 'spec.template.spec.containers[0].command[0]',
          message: 'starts an SSH server (sshd) in its command',
        },
        {
          resource: 'StatefulSet/ops/bastion',
          container: 'sshd',
          path: 'spec.template.spec.containers[0].ports[0].containerPort',
          message: 'exposes port 22 (SSH)',
        },
        {
          resource: 'StatefulSet/ops/bastion',
          container: 'sshd',
          path: 'spec.template.spec.containers[0].ports[1].name',
          message: 'a port named "SSH" (2222)',
        },
      ],
    },
    {
      name: 'sudo as the args of an ephemeral container',
      yaml: `
apiVersion: v1
kind: Pod
metadata: { name: api-0, namespace: shop }
spec:
  containers: [{ name: api, image: ghcr.io/acme/api:1 }]
  ephemeralContainers:
    - { name: debug, image: ubuntu:24.04, command: [bash, -lc], args: ["sudo -u app cat /proc/1/environ"] }
`,
      expect: [{ resource: 'Pod/shop/api-0', container: 'debug', path: 'spec.ephemeralContainers[0].args[0]', message: 'runs sudo in its args' }],
    },
  ],
});
