import { describe, expect, it } from 'vitest';
import { looksLikeManifest } from './index.js';

const head = (meta: string, body = '') => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n${meta}${body}`;

describe('rendered Helm output vs unrendered chart templates', () => {
  it('reads rendered output that carries Prometheus / Alertmanager templates in a ConfigMap', () => {
    const rendered = `---\n# Source: llm/templates/alerts.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alerts\ndata:\n  rules.yaml: |\n    - alert: LLMDown\n      annotations:\n        summary: "{{ $labels.instance }} down"\n        description: "{{ if gt $value 1.0 }}high{{ end }}"\n`;
    expect(looksLikeManifest(rendered)).toBe(true);
  });

  it('skips chart templates: Helm objects and functions, or a directive at the start of a line', () => {
    expect(looksLikeManifest(head('  name: {{ include "llm.fullname" . }}\n'))).toBe(false);
    expect(looksLikeManifest(head('  name: llm\n', 'spec:\n  replicas: {{ .Values.replicas }}\n'))).toBe(false);
    expect(looksLikeManifest(head('  labels:\n    {{- toYaml .Values.labels | nindent 4 }}\n'))).toBe(false);
    expect(looksLikeManifest(`{{- if .Values.enabled }}\n${head('  name: llm\n')}`)).toBe(false);
    expect(looksLikeManifest(`{{- if eq 1 1 }}\n${head('  name: llm\n')}`)).toBe(false);
  });
});
