/**
 * Reads a git repository's history from the bytes of its `.git` directory — never by running git,
 * which a hostile repository's config could turn into running anything.
 */
export { gitBlobId } from './blob-id.js';
export type { GitCommitInfo } from './commit.js';
export { GitFormatError } from './errors.js';
export { headTree, historyBlobs, type HistoryBlob, type HistoryOptions, type HistoryStats } from './history.js';
export type { ObjectStoreLimits } from './object-store.js';
export { GitRepository, isBareRepository, openRepository } from './repository.js';
export { resolveCommit } from './refs.js';
