import type { RuleMeta } from '../../core/index.js';

/**
 * Findings the code analyzer raises directly: they are judgements about one call site, which only
 * the analyzer that read the source can make. Framework ids: OWASP Top 10 for LLM Applications
 * 2025, OWASP Top 10 for Agentic Applications 2026, MITRE ATLAS (v5 ids).
 */

const SOURCE = 'code';

export const HF_TRUST_REMOTE_CODE: RuleMeta = {
  id: 'hf_trust_remote_code_disabled',
  version: '1',
  title: 'Hugging Face models are loaded without trust_remote_code',
  severity: 'high',
  category: 'unsafe-model',
  risk: 'trust_remote_code=True downloads and runs Python shipped in the model repository at load time; whoever controls (or compromises) that repository runs code in your training or serving environment.',
  remediation: 'Remove trust_remote_code=True and use a model whose architecture ships with the transformers release, or vendor and review the remote code and pin the repository to a commit (revision="<40-hex sha>").',
  frameworks: { 'owasp-llm-2025': ['LLM03'], 'mitre-atlas': ['AML.T0010.003', 'AML.T0011.000'], 'owasp-agentic': ['ASI04'] },
  references: ['https://huggingface.co/docs/transformers/models#custom-models'],
  source: SOURCE,
};

export const TORCH_LOAD_WEIGHTS_ONLY: RuleMeta = {
  id: 'torch_load_uses_weights_only',
  version: '1',
  title: 'torch.load is called with weights_only=True',
  severity: 'high',
  category: 'unsafe-model',
  risk: 'torch.load without weights_only=True unpickles the checkpoint, and a pickle can run any code. PyTorch ≥ 2.6 defaults to weights_only=True, older versions do not, and weights_only=False turns the protection off.',
  remediation: 'Pass weights_only=True (and allow-list extra classes with torch.serialization.add_safe_globals), or store weights as safetensors.',
  frameworks: { 'owasp-llm-2025': ['LLM03', 'LLM04'], 'mitre-atlas': ['AML.T0011.000', 'AML.T0010.003'] },
  references: ['https://pytorch.org/docs/stable/generated/torch.load.html'],
  source: SOURCE,
};

export const MODEL_LOADING_AVOIDS_PICKLE: RuleMeta = {
  id: 'model_loading_avoids_pickle',
  version: '1',
  title: 'Models are not loaded with pickle, joblib or dill',
  severity: 'medium',
  category: 'unsafe-model',
  risk: 'pickle.load, joblib.load, dill.load and np.load(allow_pickle=True) execute code embedded in the file; a swapped or poisoned model file becomes remote code execution.',
  remediation: 'Load weights from a data-only format (safetensors, ONNX, skops for scikit-learn with trusted types), or verify the file hash against a signed manifest before loading and scan it with `aispm scan --only models`.',
  frameworks: { 'owasp-llm-2025': ['LLM03', 'LLM04'], 'mitre-atlas': ['AML.T0011.000', 'AML.T0010.003'] },
  source: SOURCE,
};

export const HF_REVISION_PINNED: RuleMeta = {
  id: 'hf_model_revision_pinned',
  version: '1',
  title: 'Hugging Face hub models are pinned to a commit revision',
  severity: 'medium',
  category: 'supply-chain',
  risk: 'Without revision="<commit sha>" every load fetches whatever the repository holds now; a compromised or renamed repository silently changes the weights (and any remote code) you run.',
  remediation: 'Pass revision= with the 40-hex commit sha you reviewed (a branch or tag such as "main" can move).',
  frameworks: { 'owasp-llm-2025': ['LLM03'], 'mitre-atlas': ['AML.T0010.003'], 'owasp-agentic': ['ASI04'] },
  source: SOURCE,
};

export const AGENT_NO_SHELL: RuleMeta = {
  id: 'agent_has_no_shell_or_code_execution_tool',
  version: '1',
  title: 'Agents have no shell or code-execution tool',
  severity: 'high',
  category: 'agency',
  risk: 'An agent that can run shell commands or arbitrary code turns any prompt injection (from a user, a web page, a document) into command execution on the host with the agent’s credentials.',
  remediation: 'Remove the shell / Python REPL tool, or run it in a disposable sandbox without credentials or network, and require human approval for each execution.',
  frameworks: { 'owasp-llm-2025': ['LLM06'], 'owasp-agentic': ['ASI02', 'ASI05'], 'mitre-atlas': ['AML.T0053', 'AML.T0050'] },
  source: SOURCE,
};

export const AGENT_NO_UNTRUSTED_WEB: RuleMeta = {
  id: 'agent_does_not_read_untrusted_web_content',
  version: '1',
  title: 'Agents do not feed arbitrary web content into their context',
  severity: 'medium',
  category: 'agency',
  risk: 'Tools that fetch arbitrary URLs put attacker-controlled text in the prompt (indirect prompt injection); with other tools attached the page can steer the agent into exfiltration or destructive actions.',
  remediation: 'Restrict fetch tools to an allow-list of hosts, strip or isolate fetched content, and do not combine web fetching with shell, code or write tools in one agent.',
  frameworks: { 'owasp-llm-2025': ['LLM01'], 'owasp-agentic': ['ASI01'], 'mitre-atlas': ['AML.T0051.001'] },
  source: SOURCE,
};

export const TORCH_HUB_TRUST: RuleMeta = {
  id: 'torch_hub_load_avoids_unreviewed_repos',
  version: '1',
  title: 'torch.hub.load does not run code from unpinned repositories',
  severity: 'medium',
  category: 'supply-chain',
  risk: 'torch.hub.load imports hubconf.py from a GitHub repository and runs it; trust_repo=True skips the prompt and an unpinned ref (no `:tag`/commit) runs whatever the branch holds today.',
  remediation: 'Vendor the model code, or pin the repository to a reviewed tag or commit (`owner/repo:<sha>`) and load weights with torch.load(weights_only=True) / safetensors.',
  frameworks: { 'owasp-llm-2025': ['LLM03'], 'mitre-atlas': ['AML.T0010.001', 'AML.T0011'] },
  source: SOURCE,
};

export const KERAS_SAFE_MODE: RuleMeta = {
  id: 'keras_load_model_safe_mode_enabled',
  version: '1',
  title: 'Keras models are loaded with safe_mode on',
  severity: 'high',
  category: 'unsafe-model',
  risk: 'load_model(..., safe_mode=False) deserialises Lambda layers, i.e. Python bytecode inside the model file, which runs when the model loads.',
  remediation: 'Keep safe_mode=True (the default) and replace Lambda layers with registered custom layers, or scan the file with `aispm scan --only models` before loading.',
  frameworks: { 'owasp-llm-2025': ['LLM03', 'LLM04'], 'mitre-atlas': ['AML.T0011.000', 'AML.T0010.003'] },
  source: SOURCE,
};

/** Every rule the code analyzer (and the notebooks analyzer, which reuses it) can raise. */
export const CODE_RULES: RuleMeta[] = [HF_TRUST_REMOTE_CODE, TORCH_LOAD_WEIGHTS_ONLY, MODEL_LOADING_AVOIDS_PICKLE, HF_REVISION_PINNED, TORCH_HUB_TRUST, KERAS_SAFE_MODE, AGENT_NO_SHELL, AGENT_NO_UNTRUSTED_WEB];
