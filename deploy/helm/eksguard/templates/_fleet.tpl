{{/*
The Indexed Job spec of a fleet scan: pod i (JOB_COMPLETION_INDEX) scans shard i of n, a stable
subset of the discovered clusters, so together the pods cover the fleet once.
*/}}
{{- define "eksguard.fleetJobSpec" -}}
{{- $v := .Values.fleet }}
{{- $shards := int $v.shards }}
completionMode: Indexed
completions: {{ $shards }}
parallelism: {{ $shards }}
# A failed shard is retried alone; the others keep their results.
backoffLimitPerIndex: {{ $v.backoffLimitPerIndex }}
activeDeadlineSeconds: {{ $v.activeDeadlineSeconds }}
ttlSecondsAfterFinished: {{ $v.ttlSecondsAfterFinished }}
podFailurePolicy:
  rules:
    # Exit 2 is a usage or configuration error: retrying the shard would fail the same way.
    # Exit 4: the shard ran to the end and some clusters failed after their own retries; a rerun
    # would scan and record its healthy clusters again. The index fails, so the Job does too.
    - action: FailIndex
      onExitCodes:
        containerName: fleet
        operator: In
        values: [2, 4]
template:
  metadata:
    labels:
      {{- include "eksguard.labels" (dict "root" . "component" "fleet") | nindent 6 }}
    annotations:
      checksum/config: {{ $v.config | sha256sum }}
      {{- with include "eksguard.policyText" . }}
      checksum/policy: {{ . | sha256sum }}
      {{- end }}
      {{- with $v.podAnnotations }}
      {{- toYaml . | nindent 6 }}
      {{- end }}
  spec:
    restartPolicy: Never
    serviceAccountName: {{ include "eksguard.serviceAccountName" . }}
    # Other clusters are reached with EKS tokens signed from the AWS credentials, not this token.
    automountServiceAccountToken: false
    {{- include "eksguard.imagePullSecrets" . | nindent 4 }}
    securityContext:
      {{- toYaml $v.podSecurityContext | nindent 6 }}
    {{- include "eksguard.scheduling" $v | nindent 4 }}
    containers:
      - name: fleet
        image: {{ include "eksguard.image" . }}
        imagePullPolicy: {{ .Values.image.pullPolicy }}
        args:
          - fleet
          - scan
          - --config
          - /etc/eksguard/fleet.yaml
          - --shard
          - $(JOB_COMPLETION_INDEX)/{{ $shards }}
          - --db
          - $(EKSGUARD_DB)
          - --concurrency
          - {{ $v.concurrency | quote }}
          # Findings are recorded, not a reason to retry the shard.
          - --fail-on
          - none
          {{- with include "eksguard.policyArgs" (dict "root" . "flag" "--policy") | trim }}{{ . | nindent 10 }}{{ end }}
          {{- range $v.extraArgs }}
          - {{ . | quote }}
          {{- end }}
        env:
          # Set by the Job controller on Indexed Jobs; spelled out so $(…) above expands.
          - name: JOB_COMPLETION_INDEX
            valueFrom:
              fieldRef:
                fieldPath: metadata.annotations['batch.kubernetes.io/job-completion-index']
          {{- include "eksguard.databaseEnv" . | nindent 10 }}
          {{- include "eksguard.tmpEnv" . | nindent 10 }}
        resources:
          {{- toYaml $v.resources | nindent 10 }}
        securityContext:
          {{- toYaml $v.securityContext | nindent 10 }}
        volumeMounts:
          {{- include "eksguard.tmpVolumeMount" . | nindent 10 }}
          - name: config
            mountPath: /etc/eksguard
            readOnly: true
    volumes:
      {{- include "eksguard.tmpVolume" . | nindent 6 }}
      # The fleet file, and the policy beside it: one volume, as a mount inside another
      # ConfigMap's would have to be created in that read-only volume.
      - name: config
        projected:
          defaultMode: 0444
          sources:
            - configMap:
                name: {{ printf "%s-fleet" (include "eksguard.fullname" .) }}
            {{- if include "eksguard.policyText" . }}
            - configMap:
                name: {{ include "eksguard.policyName" . }}
                items:
                  - key: .eksguard.yaml
                    path: policy/.eksguard.yaml
            {{- end }}
{{- end }}
