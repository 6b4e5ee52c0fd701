{{/* Names: the release's full name, capped for DNS labels. */}}
{{- define "eksguard.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The full name is capped at 40 characters, not 63: objects are named <fullname>-<suffix>, the
longest suffix is 16 (-reader-kubelet, -fleet-<revision>), and a CronJob's name may not pass 52
(its Jobs add 11 characters to it).
*/}}
{{- define "eksguard.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Labels of every object; "component" adds app.kubernetes.io/component. */}}
{{- define "eksguard.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{ include "eksguard.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: eksguard
{{- end }}

{{- define "eksguard.selectorLabels" -}}
app.kubernetes.io/name: {{ include "eksguard.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- if .component }}
app.kubernetes.io/component: {{ .component }}
{{- end }}
{{- end }}

{{- define "eksguard.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "eksguard.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The image, by digest when one is given. */}}
{{- define "eksguard.image" -}}
{{- if .Values.image.digest }}
{{- if not (regexMatch "^sha256:[0-9a-f]{64}$" .Values.image.digest) }}
{{- fail "image.digest must be sha256:<64 hex digits>" }}
{{- end }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
The cluster's name and region as arguments (flag: --name or --cluster), each only when set:
without them eksguard finds the cluster the pod runs in from its service-account token's issuer
(eks:ListClusters + eks:DescribeCluster), in AWS_REGION or else the issuer's region.
*/}}
{{- define "eksguard.clusterArgs" -}}
{{- with .root.Values.cluster.name }}
- {{ $.flag }}
- {{ . | quote }}
{{- end }}
{{- with .root.Values.cluster.region }}
- --region
- {{ . | quote }}
{{- end }}
{{- end }}

{{/* AWS_REGION from cluster.region; unset, IRSA's webhook injects it (or the issuer gives it). */}}
{{- define "eksguard.regionEnv" -}}
{{- with .Values.cluster.region }}
- name: AWS_REGION
  value: {{ . | quote }}
{{- end }}
{{- end }}

{{/*
A pod that does not mount its API token (the detector) still needs one to find its cluster
without cluster.name: a projected token for an audience the API server rejects, so it identifies
the pod's cluster (its issuer) and authorises nothing.
*/}}
{{- define "eksguard.identityTokenVolume" -}}
{{- if not (and .Values.cluster.name .Values.cluster.region) }}
- name: identity-token
  projected:
    sources:
      - serviceAccountToken:
          audience: eksguard-identity
          expirationSeconds: 3600
          path: token
{{- end }}
{{- end }}

{{- define "eksguard.identityTokenMount" -}}
{{- if not (and .Values.cluster.name .Values.cluster.region) }}
- name: identity-token
  mountPath: /var/run/secrets/eksguard
  readOnly: true
{{- end }}
{{- end }}

{{- define "eksguard.identityTokenEnv" -}}
{{- if not (and .Values.cluster.name .Values.cluster.region) }}
- name: EKSGUARD_SERVICE_ACCOUNT_TOKEN
  value: /var/run/secrets/eksguard/token
{{- end }}
{{- end }}

{{/* Whether scans go to PostgreSQL (a URL in a Secret) rather than SQLite on the volume. */}}
{{- define "eksguard.externalDatabase" -}}
{{- if or .Values.database.url .Values.database.existingSecret }}true{{ end }}
{{- end }}

{{- define "eksguard.databaseSecretName" -}}
{{- default (printf "%s-database" (include "eksguard.fullname" .)) .Values.database.existingSecret }}
{{- end }}

{{- define "eksguard.databaseSecretKey" -}}
{{- if .Values.database.existingSecret }}{{ .Values.database.existingSecretKey }}{{ else }}url{{ end }}
{{- end }}

{{- define "eksguard.dataClaimName" -}}
{{- default (printf "%s-data" (include "eksguard.fullname" .)) .Values.persistence.existingClaim }}
{{- end }}

{{/* EKSGUARD_DB: the PostgreSQL URL from its Secret, or the SQLite file on the data volume. */}}
{{- define "eksguard.databaseEnv" -}}
- name: EKSGUARD_DB
{{- if include "eksguard.externalDatabase" . }}
  valueFrom:
    secretKeyRef:
      name: {{ include "eksguard.databaseSecretName" . }}
      key: {{ include "eksguard.databaseSecretKey" . }}
{{- else }}
  value: /var/lib/eksguard/eksguard.db
{{- end }}
{{- end }}

{{/* The data volume, only for SQLite. */}}
{{- define "eksguard.dataVolume" -}}
{{- if not (include "eksguard.externalDatabase" .) }}
- name: data
{{- if .Values.persistence.enabled }}
  persistentVolumeClaim:
    claimName: {{ include "eksguard.dataClaimName" . }}
{{- else }}
  emptyDir:
    sizeLimit: {{ .Values.persistence.size }}
{{- end }}
{{- end }}
{{- end }}

{{- define "eksguard.dataVolumeMount" -}}
{{- if not (include "eksguard.externalDatabase" .) }}
- name: data
  mountPath: /var/lib/eksguard
{{- end }}
{{- end }}

{{/* The root filesystem is read-only: HOME and temporary files go to a small emptyDir. */}}
{{- define "eksguard.tmpEnv" -}}
- name: HOME
  value: /tmp
- name: TMPDIR
  value: /tmp
{{- end }}

{{- define "eksguard.tmpVolume" -}}
- name: tmp
  emptyDir:
    medium: Memory
    sizeLimit: 64Mi
{{- end }}

{{- define "eksguard.tmpVolumeMount" -}}
- name: tmp
  mountPath: /tmp
{{- end }}

{{/* Scheduling settings of one component (its values as .). */}}
{{- define "eksguard.scheduling" -}}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{- define "eksguard.imagePullSecrets" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{- define "eksguard.webhookName" -}}
{{- printf "%s-webhook" (include "eksguard.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "eksguard.webhookTlsSecret" -}}
{{- printf "%s-tls" (include "eksguard.webhookName" .) }}
{{- end }}
