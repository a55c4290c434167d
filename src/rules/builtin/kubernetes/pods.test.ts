import { describe, expect, it } from 'vitest';
import type { CloudResource } from '../../../core/cloud-resource.js';
import { containers, kloc } from './pods.js';

describe('containers of a pod spec', () => {
  it('keeps init containers under initContainers, so a finding points at their own lines', () => {
    const r: CloudResource = {
      provider: 'kubernetes',
      type: 'kubernetes_deployment',
      address: 'Deployment/ai/llm',
      name: 'llm',
      attributes: { pod_spec_paths: ['spec.template.spec'], spec: { template: { spec: { initContainers: [{ name: 'fetch', securityContext: { privileged: true } }], containers: [{ image: 'x' }, { name: 'server' }] } } } },
      attrLines: { 'spec.template.spec': 13, 'spec.template.spec.initContainers[fetch].securityContext.privileged': 20, 'spec.template.spec.containers[1]': 25 },
      file: 'app.yaml',
      line: 1,
      source: 'kubernetes',
    };
    const cs = containers(r);
    expect(cs.map((c) => c.path)).toEqual(['spec.template.spec.containers[0]', 'spec.template.spec.containers[server]', 'spec.template.spec.initContainers[fetch]']);
    expect(kloc(r, `${cs[2]!.path}.securityContext.privileged`).line).toBe(20);
  });
});
