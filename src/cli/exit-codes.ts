/** Stable exit codes (DESIGN §5). Scripts and CI depend on these; never renumber. */
export const EXIT = {
  /** Nothing at or above --fail-on. */
  ok: 0,
  /** Findings at or above --fail-on. */
  findings: 1,
  /** Bad usage or config. */
  usage: 2,
  /** The scan itself failed. */
  failed: 3,
} as const;

/** An error that carries the exit code the CLI should end with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
