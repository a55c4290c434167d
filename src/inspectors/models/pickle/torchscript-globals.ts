import type { GlobalVerdict } from './policy.js';

/**
 * Globals as the TorchScript unpickler resolves them. `torch.jit.load` (and `torch.load` of an
 * archive with `constants.pkl`, which hands it over) reads `data.pkl` and `constants.pkl` with
 * its own C++ unpickler, which imports no Python module: a `__torch__.…` global names a class
 * the archive's own `code/` defines, and `torch.jit._pickle.…` names the list and tensor builders
 * it knows. Judged as Python imports, every scripted or traced model came out malicious
 * ("private interpreter module __torch__"). Any other global falls through to the ordinary policy.
 */
const TORCHSCRIPT_BUILDERS = new Set(['build_intlist', 'build_tensorlist', 'build_doublelist', 'build_boollist', 'build_tensor_from_id', 'restore_type_tag']);
const DOTTED_NAME = /^[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*$/;

export function torchscriptGlobal(module: string, name: string): GlobalVerdict | undefined {
  if (!DOTTED_NAME.test(name)) return undefined;
  if (module === '__torch__' || (module.startsWith('__torch__.') && DOTTED_NAME.test(module))) {
    return { level: 'safe', resolved: `${module}.${name}`, reason: 'a TorchScript class defined in the archive (code/), not a Python import' };
  }
  if (module === 'torch.jit._pickle' && TORCHSCRIPT_BUILDERS.has(name)) {
    return { level: 'safe', resolved: `${module}.${name}`, reason: 'a TorchScript unpickler builder' };
  }
  return undefined;
}
