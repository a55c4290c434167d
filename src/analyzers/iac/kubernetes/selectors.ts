import type { JsonValue } from '../../../core/asset.js';

type O = { [k: string]: JsonValue };
const obj = (v: JsonValue | undefined): O | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as O) : undefined);

/**
 * Kubernetes label-selector semantics (`matchLabels` AND `matchExpressions`; an empty selector
 * selects every pod). Values compare as strings, since YAML may read `tier: 1` as a number. An
 * operator this code does not know selects nothing: a policy is never credited on a guess.
 */
export function selectorMatches(selector: JsonValue | undefined, labels: JsonValue | undefined): boolean {
  const sel = obj(selector) ?? {};
  const have = obj(labels) ?? {};
  const value = (k: string) => (k in have && have[k] !== null && have[k] !== undefined ? String(have[k]) : undefined);
  for (const [k, v] of Object.entries(obj(sel.matchLabels) ?? {})) if (value(k) !== String(v)) return false;
  for (const e of Array.isArray(sel.matchExpressions) ? sel.matchExpressions : []) {
    const ex = obj(e);
    if (!ex || typeof ex.key !== 'string') return false;
    const got = value(ex.key);
    const values = (Array.isArray(ex.values) ? ex.values : []).map(String);
    switch (ex.operator) {
      case 'In':
        if (got === undefined || !values.includes(got)) return false;
        break;
      case 'NotIn':
        if (got !== undefined && values.includes(got)) return false;
        break;
      case 'Exists':
        if (got === undefined) return false;
        break;
      case 'DoesNotExist':
        if (got !== undefined) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** Annotations that make a cloud provider's load balancer internal (no public address). */
const INTERNAL_LB: [string, RegExp][] = [
  ['service.beta.kubernetes.io/aws-load-balancer-internal', /^(true|0\.0\.0\.0\/0)$/i],
  ['service.beta.kubernetes.io/aws-load-balancer-scheme', /^internal$/i],
  ['service.beta.kubernetes.io/azure-load-balancer-internal', /^true$/i],
  ['networking.gke.io/load-balancer-type', /^internal$/i],
  ['cloud.google.com/load-balancer-type', /^internal$/i],
  ['service.beta.kubernetes.io/oci-load-balancer-internal', /^true$/i],
];

/** True for an IPv4 CIDR inside RFC 1918 private space (10/8, 172.16/12, 192.168/16). */
function privateCidr(c: string): boolean {
  const m = /^(\d+)\.(\d+)\.\d+\.\d+\/(\d+)$/.exec(c.trim());
  if (!m) return false;
  const [a, b, bits] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return (a === 10 && bits >= 8) || (a === 172 && b >= 16 && b <= 31 && bits >= 12) || (a === 192 && b === 168 && bits >= 16);
}

/**
 * A LoadBalancer Service that is not reachable from the internet: an internal-LB annotation, or
 * `loadBalancerSourceRanges` that all lie in private address space (what the exposure rule's own
 * remediation asks for). Anything else, `0.0.0.0/0` included, stays public.
 */
export function internalLoadBalancer(svc: O): boolean {
  const ann = obj(obj(svc.metadata)?.annotations) ?? {};
  if (INTERNAL_LB.some(([k, re]) => typeof ann[k] === 'string' && re.test(ann[k] as string))) return true;
  const ranges = obj(svc.spec)?.loadBalancerSourceRanges;
  return Array.isArray(ranges) && ranges.length > 0 && ranges.every((r) => typeof r === 'string' && privateCidr(r));
}
