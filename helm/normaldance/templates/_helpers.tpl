{{/* Labels every object carries. Call with (dict "root" $ "name" "api" "team" "backend"). */}}
{{- define "normaldance.labels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/part-of: normaldance
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/version: {{ .root.Values.image.tag | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
team: {{ .team }}
environment: {{ .root.Values.environment }}
{{- end }}

{{/* Selector labels: stable across upgrades. */}}
{{- define "normaldance.selector" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/part-of: normaldance
{{- end }}
