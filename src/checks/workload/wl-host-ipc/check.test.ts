import { describeCheck } from '../../test-support/check-tester.js';
import { check } from './check.js';

describeCheck(check, {
  pass: [
    {
      name: 'job without hostIPC',
      yaml: `
apiVersion: batch/v1
kind: Job
metadata: { name: migrate, namespace: shop }
spec:
  template:
    spec:
      restartPolicy: Never
      hostIPC: false
      containers: [{ name: migrate, image: shop/migrate:2.1 }]
`,
    },
  ],
  fail: [
    {
      name: 'CronJob sharing host IPC',
      yaml: `
apiVersion: batch/v1
kind: CronJob
metadata: { name: shm-report, namespace: ops }
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          hostIPC: true
          containers: [{ name: ipcs, image: busybox:1.36, command: [ipcs, -a] }]
`,
      expect: [{ resource: 'CronJob/ops/shm-report', path: 'spec.jobTemplate.spec.template.spec.hostIPC' }],
    },
  ],
});
