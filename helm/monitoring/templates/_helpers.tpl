{{- define "monitoring.labels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/part-of: normaldance
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
team: {{ .root.Values.team }}
environment: {{ .root.Values.environment }}
{{- end }}
