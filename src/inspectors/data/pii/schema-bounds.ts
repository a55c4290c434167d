/**
 * The keys a schema writes a value's limits with: JSON Schema's and OpenAPI's (`maximum`,
 * `maxLength`, `multipleOf`…) and the AWS service models' (botocore's `max` and `min`). The number
 * under such a key is a bound on the thing its parent names, never one of those things:
 * `shapes.RecordNumber.max` = 200000 is the largest record number lexv2-models accepts, and
 * `shapes.DlFreq.min` = 100000000 an iotwireless downlink frequency's floor. Compared in lower case.
 */
const BOUND_KEYS = new Set([
  'max', 'min', 'maximum', 'minimum', 'exclusivemaximum', 'exclusiveminimum', 'maxlength', 'minlength',
  'maxitems', 'minitems', 'maxproperties', 'minproperties', 'maxcontains', 'mincontains', 'multipleof',
]);

/**
 * Whether the last key of a field path (`shapes.RecordNumber.max`) is a schema bound under a
 * parent. Then the parent's name is no context for the value: the path as a whole names no entity.
 * A column named `max` alone has no parent, and no context to lose.
 */
export function boundUnderParent(field: string): boolean {
  const dot = field.lastIndexOf('.');
  return dot > 0 && field.length - dot <= 17 && BOUND_KEYS.has(field.slice(dot + 1).toLowerCase());
}
