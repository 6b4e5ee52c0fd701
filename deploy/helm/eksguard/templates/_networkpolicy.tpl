{{/*
Egress of one component: DNS, HTTPS (AWS APIs, API servers, sinks; never the instance metadata
service), PostgreSQL, the Pod Identity agent.
*/}}
{{- define "eksguard.egressRules" -}}
{{- $np := .root.Values.networkPolicy -}}
- to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: kube-system
      podSelector:
        matchLabels:
          k8s-app: kube-dns
  ports:
    - { protocol: UDP, port: 53 }
    - { protocol: TCP, port: 53 }
{{- if .https }}
- to:
    {{- range $np.httpsEgressCIDRs }}
    - ipBlock:
        cidr: {{ . }}
        {{- if eq . "0.0.0.0/0" }}
        except: [169.254.169.254/32]
        {{- end }}
    {{- end }}
  ports:
    - { protocol: TCP, port: 443 }
{{- end }}
{{- if and .database (include "eksguard.externalDatabase" .root) }}
- to:
    {{- range $np.databaseEgressCIDRs }}
    - ipBlock:
        cidr: {{ . }}
        {{- if eq . "0.0.0.0/0" }}
        except: [169.254.169.254/32]
        {{- end }}
    {{- end }}
  ports:
    - { protocol: TCP, port: {{ $np.databasePort }} }
{{- end }}
{{- if and .https $np.podIdentityAgent }}
- to:
    - ipBlock: { cidr: 169.254.170.23/32 }
    - ipBlock: { cidr: "fd00:ec2::23/128" }
  ports:
    - { protocol: TCP, port: 80 }
{{- end }}
{{- end }}
