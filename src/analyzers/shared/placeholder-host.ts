/**
 * The first DNS label of a host someone wrote as a placeholder: `xxx.openai.azure.com` in
 * langchain_openai's error message, `YOUR_RESOURCE_NAME.openai.azure.com` in `.env.example` files.
 * Such a host names no resource, so the code and env analyzers locate the provider at its
 * canonical host instead of making an asset for a resource that does not exist.
 */
const PLACEHOLDER_LABEL = /^(?:x{3,}|y{3,}|your\b.*|your[-_].*|<.*>|\[.*\]|example|sample|placeholder|.*[-_]placeholder|resource[-_]?name|my[-_]resource(?:[-_]name)?|replace[-_]?me|change[-_]?me)$/i;

/** True when the host's first label (before the first dot, after any scheme) is a placeholder. */
export function isPlaceholderHost(hostOrUrl: string): boolean {
  const h = hostOrUrl.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const label = h.split('.')[0] ?? '';
  return PLACEHOLDER_LABEL.test(label);
}
