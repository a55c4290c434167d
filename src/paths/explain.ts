import type { Asset, Relation } from '../core/index.js';

function label(a: Asset | undefined, id: string): string {
  if (!a) return id;
  if (a.kind === 'internet') return 'the internet';
  return a.name;
}

/**
 * One hop in words, phrased from the relation's own ends (`from` and `to` are the assets of
 * `rel.from` and `rel.to`), so a hop walked against the edge (a bucket to the file stored in it)
 * still reads naturally.
 */
export function hopSentence(rel: Relation, from: Asset | undefined, to: Asset | undefined, loader = false): string {
  const src = label(from, rel.from);
  const dst = label(to, rel.to);
  if (loader) return `${src} loads ${dst}, so code in the model runs inside ${src}`;
  switch (rel.kind) {
    case 'exposed-to':
      return `${dst} is reachable from the internet`;
    case 'runs-as':
      return `${src} runs as ${dst}`;
    case 'can-access':
      return `${src} has ${String(rel.properties?.level ?? 'some')} access to ${dst}`;
    case 'contains':
      return `${src} contains ${dst}`;
    case 'stored-in':
      return `${dst} holds ${src}`;
    case 'reads':
      return `${src} reads ${dst}`;
    case 'writes':
      return `${src} can write ${dst}`;
    case 'trained-on':
      return `${src} is trained on ${dst}, so whoever changes ${dst} shapes ${src}`;
    case 'produced-by':
      return `${src} is produced by ${dst}`;
    case 'serves':
      return `${src} serves ${dst}`;
    case 'uses-model':
      return `${src} uses model ${dst}`;
    case 'has-tool':
      return `${src} can call tool ${dst}`;
    case 'retrieves-from':
      return `${src} retrieves context from ${dst}`;
    case 'indexes':
      return `${src} indexes ${dst}`;
    case 'calls':
      return `${src} calls ${dst}`;
    default:
      return `${src} ${rel.kind} ${dst}`;
  }
}
