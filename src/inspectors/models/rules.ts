import type { RuleMeta } from '../../core/index.js';

/**
 * The findings the model inspector raises directly. Framework ids come from the OWASP Top 10 for
 * LLM Applications 2025 (LLM03 supply chain, LLM04 data and model poisoning) and MITRE ATLAS
 * (AML.T0010 AI supply chain compromise, .003 model; AML.T0011.000 user execution of unsafe AI
 * artifacts; AML.T0018.002 embed malware; AML.T0058 publish poisoned models).
 */
const UNSAFE_ARTIFACT = { 'owasp-llm-2025': ['LLM03', 'LLM04'], 'mitre-atlas': ['AML.T0010', 'AML.T0010.003', 'AML.T0011.000', 'AML.T0018.002'] };
const SUPPLY_CHAIN = { 'owasp-llm-2025': ['LLM03'], 'mitre-atlas': ['AML.T0010', 'AML.T0010.003', 'AML.T0011.000'] };

const base = { version: '1', category: 'unsafe-model' as const, source: 'models' };

export const noCodeExecutionOnLoad: RuleMeta = {
  ...base,
  id: 'model_file_no_code_execution_on_load',
  title: 'Model files run no code when they are loaded',
  severity: 'critical',
  risk: 'The file names a Python callable that runs commands, opens files or sockets, or evaluates code (os.system, builtins.eval, runpy, pip, …). Loading it with pickle, torch.load, joblib.load or numpy.load(allow_pickle=True) runs the attacker\'s code with the loader\'s rights.',
  remediation: 'Do not load this file. Quarantine it, find where it came from, and replace it with a weights-only format (safetensors, GGUF, ONNX without custom ops). If it must be loaded, use torch.load(weights_only=True) in an isolated sandbox.',
  frameworks: UNSAFE_ARTIFACT,
  references: ['https://docs.python.org/3/library/pickle.html', 'https://atlas.mitre.org/techniques/AML.T0011.000'],
};

export const onlyAllowlistedGlobals: RuleMeta = {
  ...base,
  id: 'model_file_imports_only_allowlisted_globals',
  title: 'Model pickles import only the globals ordinary checkpoints use',
  severity: 'high',
  risk: 'The pickle imports or calls something outside the vetted set of tensor, array and estimator classes (or computes what it imports at load time, or uses copyreg extension codes). Unknown callables are how new bypasses of pickle scanners work.',
  remediation: 'Review the listed globals. If they are your own classes, prefer re-saving as safetensors/ONNX; otherwise treat the file as untrusted and do not load it outside a sandbox.',
  frameworks: SUPPLY_CHAIN,
};

export const fullyScanned: RuleMeta = {
  ...base,
  id: 'model_file_fully_scanned',
  title: 'Model files can be scanned to the end',
  severity: 'medium',
  risk: 'The scanner could not follow the whole file (broken or truncated pickle, unsupported compression, a size or depth limit). A broken tail can hide a payload that the loader still runs (nullifAI).',
  remediation: 'Re-export the model from a trusted source, or inspect it by hand in an isolated environment. Raise the limits if the file is legitimately large.',
  frameworks: SUPPLY_CHAIN,
};

export const kerasNoLambda: RuleMeta = {
  ...base,
  id: 'keras_model_no_lambda_layers',
  title: 'Keras models carry no Lambda layers or callables outside Keras',
  severity: 'critical',
  risk: 'A Lambda layer stores Python bytecode that Keras runs when the model is loaded without safe_mode, and config entries can name arbitrary modules and functions (CVE-2025-1550 class).',
  remediation: 'Load with safe_mode=True (Keras 3 default), replace Lambda layers with registered custom layers, and reject configs that reference modules outside keras.',
  frameworks: UNSAFE_ARTIFACT,
};

export const ggufTemplateSafe: RuleMeta = {
  ...base,
  id: 'gguf_chat_template_sandbox_safe',
  title: 'Chat templates stay inside the Jinja sandbox',
  severity: 'critical',
  risk: 'A chat template that walks Python internals (__class__, __globals__, __subclasses__, __builtins__, os.popen, …) runs code when a non-sandboxed renderer formats a prompt (CVE-2024-34359 class).',
  remediation: 'Replace the chat template with the publisher\'s original, and render templates only with jinja2.sandbox.ImmutableSandboxedEnvironment.',
  frameworks: UNSAFE_ARTIFACT,
};

export const onnxExternalDataInside: RuleMeta = {
  ...base,
  id: 'onnx_external_data_inside_model_dir',
  title: 'ONNX external data stays inside the model folder',
  severity: 'high',
  risk: 'An external_data location that is absolute or climbs out with .. makes the runtime read (or the converter write) arbitrary files.',
  remediation: 'Re-export the model with external data files beside it and relative locations without ...',
  frameworks: SUPPLY_CHAIN,
};

export const onnxStandardOps: RuleMeta = {
  ...base,
  id: 'onnx_model_uses_standard_operator_domains',
  title: 'ONNX models use only standard operator domains',
  severity: 'medium',
  risk: 'Custom operator domains need a native library registered at load time; a model that requires one ships code, not just weights.',
  remediation: 'Confirm the custom operator library is trusted and pinned, or re-export with standard operators.',
  frameworks: SUPPLY_CHAIN,
};

export const savedModelNoPythonOps: RuleMeta = {
  ...base,
  id: 'tensorflow_savedmodel_no_file_or_python_ops',
  title: 'TensorFlow SavedModels use no Python-callback or file-system ops',
  severity: 'high',
  risk: 'PyFunc/EagerPyFunc call back into Python, and ReadFile/WriteFile/MatchingFiles let a graph read and write the serving host\'s files when it runs.',
  remediation: 'Rebuild the graph without these ops or serve it in an isolated container with a read-only file system.',
  frameworks: SUPPLY_CHAIN,
};

export const torchscriptNoFileOps: RuleMeta = {
  ...base,
  id: 'torchscript_code_no_file_ops',
  title: 'TorchScript code uses no file-system operators',
  severity: 'high',
  risk: 'torch.save and torch.from_file in a TorchScript archive\'s code/ (or aten::save and aten::from_file in a lite-interpreter archive\'s bytecode.pkl, or in a mobile flatbuffer\'s functions and jit_sources) write and read (and, mapped shared, overwrite) any file the loading process can reach: in __setstate__ as torch.jit.load, torch.load or _load_for_lite_interpreter reads the archive, elsewhere when the model is called.',
  remediation: 'Do not load this archive. Re-export the model from trusted source code, or load weights only (safetensors, a state_dict with torch.load(weights_only=True) on a current torch).',
  frameworks: UNSAFE_ARTIFACT,
};

export const safetensorsHeaderValid: RuleMeta = {
  ...base,
  id: 'safetensors_header_valid',
  title: 'safetensors headers are well-formed',
  severity: 'medium',
  risk: 'A header whose length, JSON, dtypes or tensor offsets are wrong (out of range, overlapping) is malformed or crafted to confuse parsers.',
  remediation: 'Re-export the weights with the safetensors library from a trusted source.',
  frameworks: SUPPLY_CHAIN,
};

export const modelRules: RuleMeta[] = [
  noCodeExecutionOnLoad,
  onlyAllowlistedGlobals,
  fullyScanned,
  kerasNoLambda,
  ggufTemplateSafe,
  onnxExternalDataInside,
  onnxStandardOps,
  savedModelNoPythonOps,
  torchscriptNoFileOps,
  safetensorsHeaderValid,
];
