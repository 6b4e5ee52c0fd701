{{/*
The policy (.eksguard.yaml: checks, exceptions, options) of the scheduled scanner and the fleet
Job, from the `policy` value: a ConfigMap, mounted at the same path in both pods, and passed with
the flag each command reads it from (`scan cluster --config`, `fleet scan --policy`).
*/}}
{{- define "eksguard.policyName" -}}
{{- printf "%s-policy" (include "eksguard.fullname" .) }}
{{- end }}

{{- define "eksguard.policyDir" -}}/etc/eksguard/policy{{- end }}

{{/* The policy text, checked to be a YAML mapping: a broken one would fail every scan with exit 2. */}}
{{- define "eksguard.policyText" -}}
{{- with .Values.policy }}
{{- $parsed := fromYaml . }}
{{- if hasKey $parsed "Error" }}
{{- fail (printf "policy is not valid YAML (it is the .eksguard.yaml of the scanner and the fleet): %s" (get $parsed "Error")) }}
{{- end }}
{{- if hasKey $parsed "customChecks" }}
{{- fail "policy: customChecks name files beside the policy, and the chart mounts the policy alone: every scan would fail; build them into the image or leave them out" }}
{{- end }}
{{- . }}
{{- end }}
{{- end }}

{{/* The arguments naming the policy file; nothing without a policy. Called with (dict "root" . "flag" "--config"). */}}
{{- define "eksguard.policyArgs" -}}
{{- if include "eksguard.policyText" .root }}
- {{ .flag }}
- {{ include "eksguard.policyDir" .root }}/.eksguard.yaml
{{- end }}
{{- end }}
