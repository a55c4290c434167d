import { describe, expect, it } from 'vitest';
import { classify } from '../classify.js';
import { declaredEncoding, feedKind } from './feed-head.js';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

describe('feedKind', () => {
  it('knows RSS 2.0, Atom 1.0 and 0.3 and RSS 1.0 by their root, past a declaration, comments and a DOCTYPE', () => {
    expect(feedKind(bytes('<?xml version="1.0" encoding="Big5"?>\n<!--\nSource: x\n-->\n<rss version="2.0"><channel>'))).toBe('rss');
    expect(feedKind(bytes('<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"\n "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss version="0.91">'))).toBe('rss');
    expect(feedKind(bytes('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">'))).toBe('atom');
    expect(feedKind(bytes("<feed version='0.3' xmlns='http://purl.org/atom/ns#'>"))).toBe('atom');
    expect(feedKind(bytes('<?xml version="1.0"?><rdf:RDF\n xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"\n xmlns="http://purl.org/rss/1.0/">'))).toBe('rdf');
    expect(feedKind(new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<?xml version="1.0" encoding="UTF-16"?>\n<rss version="2.0">', 'utf16le')])))).toBe('rss');
  });

  it('leaves other XML and text alone: a feed element outside Atom, RDF that is no RSS, a page, a comment that names <rss', () => {
    expect(feedKind(bytes('<feed><item>x</item></feed>'))).toBeUndefined();
    expect(feedKind(bytes('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://xbean.org/schemas/spring/1.0">'))).toBeUndefined();
    expect(feedKind(bytes('<html xmlns="http://www.w3.org/1999/xhtml"><rss>'))).toBeUndefined();
    expect(feedKind(bytes('<!-- an <rss feed used to be here -->\n<catalog><book/></catalog>'))).toBeUndefined();
    expect(feedKind(bytes('Plain text about <rss> feeds.'))).toBeUndefined();
  });

  it('reads the encoding an XML declaration names', () => {
    expect(declaredEncoding(bytes('<?xml version="1.0" encoding="windows-1255"?>\n<rss>'))).toBe('windows-1255');
    expect(declaredEncoding(bytes("<?xml version='1.0' encoding='EUC-JP' standalone='yes'?>"))).toBe('euc-jp');
    expect(declaredEncoding(bytes('<rss encoding="koi8-r">'))).toBeUndefined();
  });
});

describe('classify: feeds by content', () => {
  const rss = bytes('<?xml version="1.0"?>\n<rss version="2.0"><channel><title>t</title></channel></rss>\n');
  it('reads a feed in a data folder as one, whatever its name; elsewhere, or another file of a feed name, as before', () => {
    for (const p of ['rag/news.xml', 'corpus/feeds/site.rss', 'data/releases.atom', 'rag/crawl/0042']) expect(classify(p, 'text', rss)?.format, p).toBe('feed');
    expect(classify('config/news.xml', 'text', rss)).toMatchObject({ class: 'source', format: 'text' });
    expect(classify('rag/catalog.xml', 'text', bytes('<catalog><book/></catalog>'))).toMatchObject({ class: 'data', format: 'text' });
    expect(classify('rag/schema.rdf', 'text', bytes('<rdf:RDF xmlns:rdf="x"/>'))).toMatchObject({ class: 'source', format: 'text' });
  });
});
