import type { RuleMeta } from '../../core/index.js';

export const INFERENCE_SERVER_REQUIRES_AUTH: RuleMeta = {
  id: 'inference_server_requires_auth',
  version: '1',
  title: 'AI inference, notebook and MLOps servers require authentication',
  severity: 'high',
  category: 'exposure',
  risk:
    'An inference server (vLLM, Ollama, TGI, Triton, LiteLLM), a Jupyter server, an MLflow tracking server or a vector ' +
    'database without authentication serves anyone who can reach its port: free use of the GPUs and models, model ' +
    'extraction, reading or poisoning of stored vectors and experiments, and on Jupyter arbitrary code execution. ' +
    'Ollama and Triton have no built-in auth at all.',
  remediation:
    'Turn on the product\'s auth (`vllm serve --api-key`, a Jupyter token or password, `mlflow server --app-name basic-auth`, ' +
    'LITELLM_MASTER_KEY, QDRANT__SERVICE__API_KEY) or put an authenticating proxy in front, and publish the port on ' +
    '127.0.0.1 (`"127.0.0.1:11434:11434"`) or not at all.',
  frameworks: { 'owasp-llm-2025': ['LLM10', 'LLM02'], 'mitre-atlas': ['AML.T0040', 'AML.T0049'] },
  references: ['https://docs.vllm.ai/en/latest/usage/security.html', 'https://jupyter-server.readthedocs.io/en/latest/operators/security.html'],
  source: 'containers',
};

export const CONTAINER_IMAGE_TAG_PINNED: RuleMeta = {
  id: 'container_image_tag_pinned',
  version: '1',
  title: 'AI container images are pinned to a digest or a fixed version tag',
  severity: 'low',
  category: 'supply-chain',
  risk: 'An AI image referenced by `latest`, a floating tag or no tag changes under the deployment at the next pull: an upstream compromise or a breaking server release (new defaults, removed auth flags) lands unreviewed.',
  remediation: 'Reference the image by digest (`vllm/vllm-openai@sha256:…`) or at least an exact version tag (`ollama/ollama:0.3.14`), and update it deliberately.',
  frameworks: { 'owasp-llm-2025': ['LLM03'], 'mitre-atlas': ['AML.T0010.004'] },
  source: 'containers',
};

export const CONTAINER_RULES: RuleMeta[] = [INFERENCE_SERVER_REQUIRES_AUTH, CONTAINER_IMAGE_TAG_PINNED];
