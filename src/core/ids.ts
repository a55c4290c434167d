import type { AssetKind } from './vocabulary.js';
import { stableHash } from './hash.js';

/**
 * The stable id of an asset: the same thing gets the same id in every scan.
 *
 * `locator` is the canonical name of the thing for its provider: a package name with ecosystem
 * (`pypi:torch`), a file path relative to the scan root, an IaC address, a model id, a host.
 * Locators are case-normalised by the caller where the provider is case-insensitive.
 * The readable prefix makes ids easy to eyeball in reports; the hash makes them unique.
 */
export function assetId(kind: AssetKind, provider: string, locator: string): string {
  return `${kind}:${stableHash([kind, provider, locator], 16)}`;
}

/** The virtual node that `exposed-to` edges start from. */
export const INTERNET_ID = 'internet';

/**
 * A finding's fingerprint: rule + asset + evidence key (what was found, not where on the line),
 * so suppressions and drift survive edits that move code around.
 */
export function findingFingerprint(ruleId: string, assetIdValue: string, evidenceKey = ''): string {
  return stableHash([ruleId, assetIdValue, evidenceKey], 24);
}

/**
 * The id of an asset that *is* a file in the scanned tree (`model-file`, `dataset`, `notebook`):
 * every analyzer and inspector that talks about the file uses this, so their views merge.
 * `relPath` is the report path (relative to the scan root, `/`-separated).
 */
export function fileAssetId(kind: AssetKind, relPath: string): string {
  return assetId(kind, 'local', relPath);
}
