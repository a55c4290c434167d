import path from 'node:path';
import { defineAnalyzer, type FileInfo, type ScanFile } from '../../core/index.js';
import { lookupAiPackage } from '../deps/index.js';
import { parseCompose } from './compose.js';
import { installedPackages, parseDockerfile } from './dockerfile.js';
import { emitWorkload, mergeEmitted, type WorkloadSpec } from './emit.js';
import { parseHelmValues } from './helm.js';
import { CONTAINER_RULES } from './rules.js';

export { CONTAINER_RULES } from './rules.js';
export { parseDockerfile } from './dockerfile.js';
export { parseCompose, parsePort } from './compose.js';

type Kind = 'dockerfile' | 'compose' | 'helm';

function kindOf(name: string): Kind | undefined {
  if (name === 'dockerfile' || name.startsWith('dockerfile.') || name.startsWith('dockerfile-') || name.endsWith('.dockerfile') || name === 'containerfile') return 'dockerfile';
  if (/^(docker-)?compose([-.][\w.-]+)?\.ya?ml$/.test(name)) return 'compose';
  if (/^values([-.][\w-]+)?\.ya?ml$/.test(name)) return 'helm';
  return undefined;
}

function dockerfileSpec(text: string, filePath: string): WorkloadSpec | undefined {
  const df = parseDockerfile(text);
  const final = df.stages[df.stages.length - 1];
  if (!final) return undefined;
  const env = new Map(df.env.map((e) => [e.key, e.value]));
  const envLines = new Map(df.env.map((e) => [e.key, e.line]));
  const args = [...(df.entrypoint?.args ?? []), ...(df.cmd?.args ?? [])];
  const packages = installedPackages(df.runs).filter((p) => lookupAiPackage(p.ecosystem, p.name));
  const dir = path.posix.dirname(filePath);
  const spec: WorkloadSpec = {
    provider: 'docker',
    locator: filePath,
    name: `${dir === '.' ? 'image' : dir.split('/').pop()} (${path.posix.basename(filePath)})`,
    location: { path: filePath, line: final.line },
    image: final.image,
    args,
    env,
    envLines,
    ports: df.expose.map((e) => ({ container: e.port })),
    exposedPublicly: false,
    packages,
    imageDefinition: true,
    extra: { dockerfile: filePath, stages: df.stages.map((s) => s.image), exposedPorts: df.expose.map((e) => e.port), aiPackages: packages.map((p) => p.name) },
  };
  return spec;
}

/**
 * Dockerfiles, docker-compose files and Helm values → AI workloads: inference servers, notebooks,
 * MLOps servers and vector databases (by image or command), the model they serve, the AI APIs
 * their environment configures, published ports, whether they require auth, and internet exposure.
 */
export const containersAnalyzer = defineAnalyzer({
  id: 'containers',
  version: '1.0.0',
  description: 'AI servers and workloads in Dockerfiles, docker-compose files and Helm values (vLLM, Ollama, TGI, Jupyter, MLflow, …)',
  stage: 'discovery',
  rules: CONTAINER_RULES,
  wants(_path: string, info: FileInfo): boolean {
    return info.sniffed !== 'binary' && kindOf(info.name) !== undefined;
  },
  async analyze(file: ScanFile) {
    const kind = kindOf(file.name);
    if (!kind) return {};
    const text = await file.text();
    let specs: WorkloadSpec[];
    try {
      if (kind === 'dockerfile') {
        const s = dockerfileSpec(text, file.path);
        specs = s ? [s] : [];
      } else specs = kind === 'compose' ? parseCompose(text, file.path) : parseHelmValues(text, file.path);
    } catch (e) {
      const msg = (e instanceof Error ? e.message : String(e)).split('\n')[0];
      return { issues: [{ path: file.path, reason: 'parse-error', message: `${file.path}: not valid ${kind === 'dockerfile' ? 'Dockerfile' : 'YAML'} (${msg}); skipped`, source: 'containers' }] };
    }
    return mergeEmitted(specs.map(emitWorkload));
  },
});
