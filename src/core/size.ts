/** A byte (or character) count as the too-large messages write it: `8.2 MB`. */
export function megabytes(n: number): string {
  return `${(n / 1048576).toFixed(1)} MB`;
}
