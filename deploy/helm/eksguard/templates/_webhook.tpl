{{/* The webhook's .eksguard.yaml: webhook.config, or the starter configuration of `eksguard webhook manifests`. */}}
{{- define "eksguard.webhookConfigText" -}}
{{- if .Values.webhook.config }}
{{- .Values.webhook.config }}
{{- else }}
{{- if not (has .Values.webhook.mode (list "warn" "audit" "enforce")) }}
{{- fail "webhook.mode must be warn, audit or enforce" }}
{{- end -}}
# eksguard admission configuration: see docs/configuration.md and docs/commands/webhook.md
# Start in warn mode, read the audit trail and the kubectl warnings, fix or waive, then enforce.
admission:
  mode: {{ .Values.webhook.mode }}
baseline: true
exceptions: []
{{- end }}
{{- end }}

{{/*
The configuration's admission.excludeNamespaceLabels, for the namespaceSelector: the webhook
cannot see namespace labels, the API server can.
*/}}
{{- define "eksguard.webhookExcludedLabels" -}}
{{- $config := fromYaml (include "eksguard.webhookConfigText" .) }}
{{- if hasKey $config "Error" }}
{{- fail (printf "webhook.config is not valid YAML: %s" (get $config "Error")) }}
{{- end }}
{{- $admission := default dict (get $config "admission") }}
{{- toYaml (default dict (get $admission "excludeNamespaceLabels")) }}
{{- end }}

{{/*
The serving certificate and its CA, base64 as in the Secret: the existing Secret's when there is
one (lookup; empty under `helm template`), else a new CA and a certificate for the Service names.
Memoised in .Values so the Secret and the caBundle of one render agree.
*/}}
{{- define "eksguard.webhookTls" -}}
{{- if not (hasKey .Values "__webhookTls") }}
{{- $name := include "eksguard.webhookName" . }}
{{- $existing := lookup "v1" "Secret" .Release.Namespace (include "eksguard.webhookTlsSecret" .) }}
{{- $data := dict }}
{{- if $existing }}{{ $data = default dict $existing.data }}{{ end }}
{{- if and (get $data "tls.crt") (get $data "tls.key") (get $data "ca.crt") }}
{{- $_ := set .Values "__webhookTls" (dict "crt" (get $data "tls.crt") "key" (get $data "tls.key") "ca" (get $data "ca.crt")) }}
{{- else }}
{{- $days := int .Values.webhook.certValidityDays }}
{{- $ca := genCA (printf "eksguard webhook CA %s.%s" $name .Release.Namespace) $days }}
{{- $dns := list $name (printf "%s.%s" $name .Release.Namespace) (printf "%s.%s.svc" $name .Release.Namespace) (printf "%s.%s.svc.cluster.local" $name .Release.Namespace) }}
{{- $cert := genSignedCert (printf "%s.%s.svc" $name .Release.Namespace) nil $dns $days $ca }}
{{- $_ := set .Values "__webhookTls" (dict "crt" ($cert.Cert | b64enc) "key" ($cert.Key | b64enc) "ca" ($ca.Cert | b64enc)) }}
{{- end }}
{{- end }}
{{- toYaml (get .Values "__webhookTls") }}
{{- end }}
