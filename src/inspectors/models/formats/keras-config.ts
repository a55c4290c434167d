import { classifyGlobal } from '../pickle/policy.js';
import { kerasNoLambda } from '../rules.js';
import type { ModelScanContext } from '../scan-context.js';

/** Packages whose classes and functions a Keras config may name without raising an eyebrow. */
const KERAS_MODULES = /^(keras|tf_keras|tensorflow\.keras|tensorflow\.python\.keras|keras_nlp|keras_hub|keras_cv|keras_core)(\.|$)/;
/** TFOpLambda function names that touch files or Python. */
const RISKY_TF_OPS = /(^|\.)(io\.|read_file|write_file|matching_files|py_function|numpy_function|py_func|gfile|system|print)/;

/** Keras functions that fetch or load other artifacts: reached by name they bypass safe_mode. */
const KERAS_RISKY_FUNCS = /^(get_file|load_model|load_weights|load_img|save_model|get_source_inputs|deserialize_keras_object|exec|eval)$/;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isObj(v: Json | undefined): v is { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Walks a Keras model config (Keras 3 `config.json`, or the legacy HDF5 `model_config`
 * attribute) for layers and objects that run code on load: Lambda layers (marshalled bytecode),
 * `module`/`class_name` pairs outside Keras (CVE-2025-1550 class), and TFOpLambda calls into
 * file or Python ops.
 */
export function checkKerasConfig(ctx: ModelScanContext, config: Json, member?: string): void {
  ctx.format('keras');
  let nodes = 0;
  const walk = (v: Json | undefined, path: string, depth: number): void => {
    if (v === undefined || ++nodes > 1_000_000 || depth > 200) return;
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${path}[${i}]`, depth + 1));
      return;
    }
    if (!isObj(v)) return;
    const cls = typeof v.class_name === 'string' ? v.class_name : undefined;
    const mod = typeof v.module === 'string' ? v.module : undefined;
    const name = isObj(v.config) && typeof v.config.name === 'string' ? v.config.name : path;
    if (cls === 'Lambda') {
      const fn = isObj(v.config) ? v.config.function : undefined;
      const bytecode = (isObj(fn) && (fn.class_name === '__lambda__' || isObj(fn.config) && typeof fn.config.code === 'string')) ||
        (Array.isArray(fn) && typeof fn[0] === 'string') || (isObj(v.config) && v.config.function_type === 'lambda');
      ctx.add({
        rule: kerasNoLambda,
        level: bytecode ? 'malicious' : 'suspicious',
        message: bytecode
          ? `Lambda layer '${name}' carries Python bytecode that runs when the model is loaded without safe_mode`
          : `Lambda layer '${name}' calls a Python function by reference`,
        key: `lambda:${name}`,
        ...(member ? { member } : {}),
      });
    }
    if (cls === 'TFOpLambda' && isObj(v.config) && typeof v.config.function === 'string' && RISKY_TF_OPS.test(v.config.function)) {
      ctx.add({ rule: kerasNoLambda, level: 'malicious', message: `TFOpLambda layer '${name}' calls tf.${v.config.function}`, key: `tfop:${v.config.function}`, ...(member ? { member } : {}) });
    }
    if (mod !== undefined && cls !== undefined && !KERAS_MODULES.test(mod)) {
      const g = classifyGlobal(mod, cls);
      const fnName = isObj(v.config) || typeof v.config !== 'string' ? cls : v.config;
      const g2 = typeof v.config === 'string' ? classifyGlobal(mod, v.config) : g;
      const dangerous = g.level === 'dangerous' || g2.level === 'dangerous';
      ctx.add({
        rule: kerasNoLambda,
        level: dangerous ? 'malicious' : 'suspicious',
        message: dangerous
          ? `config object at ${path} names ${mod}.${fnName}, which runs code when Keras deserialises it`
          : `config object at ${path} names ${mod}.${fnName}, outside Keras (custom object loaded by import)`,
        key: `module:${mod}.${fnName}`,
        ...(member ? { member } : {}),
      });
    }
    if (mod !== undefined && KERAS_MODULES.test(mod) && cls === 'function' && typeof v.config === 'string' && KERAS_RISKY_FUNCS.test(v.config)) {
      ctx.add({ rule: kerasNoLambda, level: 'malicious', message: `config at ${path} calls ${mod}.${v.config}, which fetches or loads files during deserialisation`, key: `kfunc:${v.config}`, ...(member ? { member } : {}) });
    }
    if (typeof v.registered_name === 'string' && v.registered_name.includes('>') && mod === undefined) {
      ctx.add({ rule: kerasNoLambda, level: 'suspicious', message: `custom object ${v.registered_name} at ${path} must be registered at load time`, key: `registered:${v.registered_name}`, ...(member ? { member } : {}) });
    }
    for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`, depth + 1);
  };
  walk(config, '$', 0);
}

/** Parses JSON text defensively; undefined when it is not JSON. */
export function parseJson(text: string): Json | undefined {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}
