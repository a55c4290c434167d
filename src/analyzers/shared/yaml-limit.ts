/**
 * A size cap for the `yaml` library. Its document model (nodes, ranges, line counter) costs around
 * 60–120 bytes of heap per byte of input: a 10 MB docker-compose.yml, CloudFormation template, ARM
 * template or dvc.yaml took over 512 MB and killed the process. Real configs of these kinds are far
 * below the cap; bigger ones are reported, never parsed.
 */
export const MAX_YAML_CHARS = 2 * 1024 * 1024;

/** Raised by {@link assertYamlSize}; analyzers turn it into a one-line issue naming the file. */
export class YamlTooLargeError extends Error {
  constructor(readonly chars: number) {
    super(`${(chars / 1048576).toFixed(1)} MB of YAML/JSON is over the ${MAX_YAML_CHARS / 1048576} MB parse limit (the parser needs ~100× that in memory); not parsed`);
    this.name = 'YamlTooLargeError';
  }
}

/** Throws {@link YamlTooLargeError} when `text` is too big to hand to the `yaml` parser. */
export function assertYamlSize(text: string): void {
  if (text.length > MAX_YAML_CHARS) throw new YamlTooLargeError(text.length);
}

/** The one-line message for `text` when it is too big to parse as YAML, else undefined. */
export function yamlTooLargeMessage(path: string, text: string): string | undefined {
  return text.length > MAX_YAML_CHARS ? `${path}: ${new YamlTooLargeError(text.length).message}` : undefined;
}
