import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify } from './classify.js';
import { inScratchDir } from './testing/scratch-dir.js';

/** Writes empty files under `root`. */
async function files(root: string, ...rels: string[]): Promise<void> {
  for (const rel of rels) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), 'text\n');
  }
}

describe("a README in a data folder: the dataset's documentation or one of a corpus's documents", () => {
  it('reads a README among documents of its kind as corpus text, beside a table as documentation', async () => {
    await inScratchDir('aispm-readme-', async (root) => {
      // nodejs's docs copied into a RAG store: README.md among BUILDING.md, glossary.md, onboarding.md.
      await files(root, 'rag/nodejs/README.md', 'rag/nodejs/CHANGELOG.md', 'rag/nodejs/BUILDING.md', 'rag/nodejs/glossary.md', 'rag/nodejs/onboarding.md', 'rag/nodejs/logo.png');
      await files(root, 'data/squad/README.md', 'data/squad/train.csv', 'data/squad/notes.md', 'data/squad/columns.md');
      await files(root, 'data/news/README', 'data/news/49960', 'data/news/51060', 'data/news/51119');
      await files(root, 'data/one/README.md', 'data/one/intro.md');
      const at = (rel: string) => classify(rel, 'text', undefined, path.join(root, rel));
      expect(at('rag/nodejs/README.md')).toMatchObject({ class: 'data', format: 'markdown' });
      expect(at('rag/nodejs/CHANGELOG.md')).toMatchObject({ class: 'data', format: 'markdown' });
      // 20 Newsgroups' articles, files named by number: a README without extension is one of them.
      expect(at('data/news/README')).toMatchObject({ class: 'data', format: 'text' });
      // Beside a table the README describes it; with one document beside it, it is not a corpus.
      expect(at('data/squad/README.md')).toMatchObject({ class: 'source' });
      expect(at('data/one/README.md')).toMatchObject({ class: 'source' });
      // Without a folder on disk (an archive member), documentation as before.
      expect(classify('rag/nodejs/README.md', 'text')).toMatchObject({ class: 'source' });
    });
  });
});
