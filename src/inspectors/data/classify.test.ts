import { describe, expect, it } from 'vitest';
import { classify } from './classify.js';

describe('data file classes', () => {
  it('reads YAML records in a data folder as data; YAML that describes data, or lies elsewhere, as source', () => {
    const head = (t: string) => Buffer.from(t);
    expect(classify('data/nlu.yml', 'text', head('version: "3.1"\nnlu:\n- intent: greet\n'))).toMatchObject({ class: 'data', format: 'yaml' });
    expect(classify('prompts/cases.yaml', 'text', head('# eval set\n- prompt: hi\n  answer: hello\n'))).toMatchObject({ class: 'data', format: 'yaml' });
    expect(classify('data/train.yaml.gz', 'gzip')).toMatchObject({ class: 'data', format: 'yaml', gzip: true });
    // MLflow's dataset metadata and DVC's parameters sit in data folders but hold no records.
    expect(classify('mlruns/1/datasets/b7e4/meta.yaml', 'text', head('digest: 1a2b\nname: train\nsource_type: local\n'))).toMatchObject({ class: 'source', format: 'text' });
    expect(classify('data/params.yaml', 'text', head('train:\n  epochs: 3\n'))).toMatchObject({ class: 'source' });
    expect(classify('data/nlu.yml', 'text')).toMatchObject({ class: 'source' });
    expect(classify('deploy/values.yaml', 'text', head('- name: x\n'))).toMatchObject({ class: 'source', format: 'text' });
    expect(classify('data/dataset_info.yaml', 'text', head('- name: x\n'))).toMatchObject({ class: 'source' });
  });

  it('reads text and Markdown in data folders as data, elsewhere as source', () => {
    expect(classify('data/rag/handbook.md', 'text')).toMatchObject({ class: 'data', format: 'markdown' });
    expect(classify('corpus/notes.txt', 'text')).toMatchObject({ class: 'data', format: 'text' });
    expect(classify('docs/guide.md', 'text')).toMatchObject({ class: 'source' });
    expect(classify('rag/crawl/faq.html', 'text')).toMatchObject({ class: 'data', format: 'html' });
    expect(classify('data/site/page.htm', 'text')).toMatchObject({ class: 'data', format: 'html' });
    expect(classify('site/index.html', 'text')).toMatchObject({ class: 'source' });
    expect(classify('train.jsonl', 'text')).toMatchObject({ class: 'data', format: 'jsonl' });
  });

  it('reads e-mail corpora and address books as data: .eml and .ics in data folders, .mbox, .vcf and Outlook .msg anywhere; .sql dumps in data folders', () => {
    // E-mail is read as MIME (format eml); a message outside a data folder is read for secrets only, as text.
    expect(classify('data/enron/maildir/1.eml', 'text')).toMatchObject({ class: 'data', format: 'eml' });
    expect(classify('tests/fixtures/bounce.eml', 'text')).toMatchObject({ class: 'source', format: 'text' });
    expect(classify('exports/inbox.mbox', 'text')).toMatchObject({ class: 'data', format: 'eml' });
    expect(classify('exports/inbox.mbox.gz', 'gzip')).toMatchObject({ class: 'data', format: 'eml', gzip: true });
    expect(classify('data/mail/x.eml', 'binary', Uint8Array.from([0xff, 0xfe, 0x53, 0x00]))).toMatchObject({ class: 'data', format: 'text', utf16: true });
    expect(classify('venv/lib/python3.11/site-packages/mailbox/tests/x.mbox', 'text')).toMatchObject({ class: 'source', format: 'text' });
    // A message or a mailbox kept under another name (CPython's test_email `.txt`, Enron's maildir `1.`) is read as MIME by its headers.
    const msg = new Uint8Array(Buffer.from('Message-ID: <1.2@mail.example.net>\nFrom: a@b.org\nTo: c@d.org\nSubject: hi\n\nbody\n'));
    const mbox = new Uint8Array(Buffer.from('From a@b.org Fri Nov 26 21:40:36 2004\nFrom: a@b.org\nTo: c@d.org\n\nbody\n'));
    expect(classify('data/mail/msg_01.txt', 'text', msg)).toEqual({ class: 'data', format: 'eml', gzip: false, innerExt: '.txt' });
    expect(classify('data/mail/box.txt', 'text', mbox)).toEqual({ class: 'data', format: 'eml', gzip: false, innerExt: '.txt', mailbox: true });
    expect(classify('enron/maildir/allen-p/inbox/1.', 'text', msg)).toMatchObject({ class: 'data', format: 'eml' });
    expect(classify('data/news/53123', 'text', msg)).toMatchObject({ class: 'data', format: 'eml' });
    expect(classify('data/mail/notes.txt', 'text', new Uint8Array(Buffer.from('Minutes of the meeting\n')))).toMatchObject({ class: 'data', format: 'text' });
    expect(classify('docs/msg_01.txt', 'text', msg)).toMatchObject({ class: 'source', format: 'text' });
    expect(classify('contacts.vcf', 'text')).toMatchObject({ class: 'data', format: 'text' });
    // Outlook messages: compound files named .msg, data anywhere (by the walker's "binary" and the signature too).
    expect(classify('mail/exports/claim.msg', 'ole2')).toEqual({ class: 'data', format: 'msg', gzip: false, innerExt: '.msg' });
    expect(classify('Claim.MSG', 'binary', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toMatchObject({ class: 'data', format: 'msg' });
    expect(classify('venv/lib/python3.11/site-packages/extract_msg/tests/x.msg', 'ole2')).toBeNull();
    expect(classify('po/messages.msg', 'text')?.format).not.toBe('msg');
    expect(classify('data/crm.sql', 'text')).toMatchObject({ class: 'data', format: 'sql' });
    expect(classify('db/migrations/001_init.sql', 'text')).toMatchObject({ class: 'source', format: 'text' });
    // YAML in a data folder is metadata (MLflow's meta.yaml, DVC files, dataset cards), not data: no dataset asset.
    expect(classify('ml/training/mlruns/1/datasets/b7e4/meta.yaml', 'text')).toMatchObject({ class: 'source' });
  });

  it('reads a dataset folder’s own documentation as source (secrets only), not as records', () => {
    // Hugging Face `save_to_disk` writes dataset_info.json (features, splits, citation) beside the shards.
    for (const doc of ['data/README.md', 'datasets/faq/readme.rst', 'data/LICENSE.txt', 'data/CHANGELOG.md', 'data/dataset_card.md', 'data/dataset-card.json', 'rag/CITATION.txt', 'hf_saved/dataset_info.json', 'cache/imdb/dataset_dict.json']) {
      expect(classify(doc, 'text')?.class, doc).toBe('source');
    }
    // Data named like a document is still data when its format says so.
    expect(classify('data/readme.csv', 'text')).toMatchObject({ class: 'data', format: 'csv' });
    expect(classify('data/readmes-corpus.md', 'text')).toMatchObject({ class: 'data' });
  });

  it('reads Arrow IPC files by their magic and streams by their first marker and name', () => {
    const stream = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xa8, 0x02, 0, 0, 0x10, 0, 0, 0]);
    const file = Uint8Array.from([...Buffer.from('ARROW1'), 0, 0, 0xff, 0xff, 0xff, 0xff]);
    expect(classify('exports/table.feather', 'binary', file)).toMatchObject({ class: 'data', format: 'arrow' });
    expect(classify('exports/table.bin', 'binary', file)).toMatchObject({ class: 'data', format: 'arrow' });
    expect(classify('hf_saved/data-00000-of-00001.arrow', 'binary', stream)).toMatchObject({ class: 'data', format: 'arrow' });
    expect(classify('cache/imdb/plain_text/imdb-train.arrow', 'binary', stream)).toMatchObject({ class: 'data', format: 'arrow' });
    // The marker alone is four 0xFF bytes: other binary files open with it too.
    expect(classify('build/blob.bin', 'binary', stream)).toBeNull();
    expect(classify('x.arrow', 'binary', Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0x80]))).toBeNull();
  });

  it('reads SQLite databases anywhere but inside an installed package', () => {
    expect(classify('rag_store/chroma.sqlite3', 'sqlite')).toMatchObject({ class: 'data', format: 'sqlite' });
    expect(classify('app/chat_history.db', 'sqlite')).toMatchObject({ class: 'data', format: 'sqlite' });
    expect(classify('.venv/lib/python3.11/site-packages/pkg/data/tz.sqlite', 'sqlite')).toBeNull();
  });

  it("reads a .json that holds JSON Lines (Hugging Face's to_json) as JSONL, and a JSON document as JSON", () => {
    const head = (t: string) => new TextEncoder().encode(t);
    expect(classify('data/train.json', 'text', head('{"text": "a", "label": 1}\n{"text": "b", "label": 0}\n'))).toMatchObject({ class: 'data', format: 'jsonl' });
    expect(classify('data/train.json', 'text', head('{\n  "text": "a"\n}\n'))).toMatchObject({ format: 'json' });
    expect(classify('data/train.json', 'text', head('[{"text": "a"},\n{"text": "b"}]'))).toMatchObject({ format: 'json' });
    expect(classify('data/one.json', 'text', head('{"text": "a"}'))).toMatchObject({ format: 'json' });
    expect(classify('config/settings.json', 'text', head('{"a": 1}\n{"b": 2}\n'))).toMatchObject({ class: 'source', format: 'json' });
  });

  it('reads XML dumps, logs and subtitles as data text in a data folder, as config elsewhere', () => {
    expect(classify('data/enwiki-pages.xml', 'text')).toMatchObject({ class: 'data', format: 'text' });
    expect(classify('corpus/support/chat-2026-01.log', 'text')).toMatchObject({ class: 'data', format: 'text' });
    expect(classify('datasets/speech/ep01.srt', 'text')).toMatchObject({ class: 'data', format: 'text' });
    expect(classify('data/dump.xml.gz', 'gzip')).toMatchObject({ class: 'data', format: 'text', gzip: true });
    expect(classify('pom.xml', 'text')).toMatchObject({ class: 'source' });
    expect(classify('logs/build.log', 'text')).toMatchObject({ class: 'source' });
  });

  it('reads rotated logs as their logs, and compressed docs and logs named without an extension for secrets', () => {
    expect(classify('corpus/support/chat.log.1', 'text')).toMatchObject({ class: 'data', format: 'text' });
    expect(classify('corpus/support/chat.log.2.gz', 'gzip')).toMatchObject({ class: 'data', format: 'text', gzip: true });
    expect(classify('var/log/app.log.3.gz', 'gzip')).toMatchObject({ class: 'source', format: 'text', gzip: true });
    expect(classify('usr/share/doc/python3-jwt/changelog.gz', 'gzip')).toMatchObject({ class: 'source', format: 'text', gzip: true });
    expect(classify('usr/share/doc/python3-jwt/changelog.Debian.gz', 'gzip')).toMatchObject({ class: 'source', format: 'text', gzip: true });
    expect(classify('var/log/syslog.2.gz', 'gzip')).toMatchObject({ class: 'source', format: 'text', gzip: true });
    expect(classify('data/blob.gz', 'gzip')).toBeNull();
    expect(classify('images/disk.img.gz', 'gzip')).toBeNull();
    expect(classify('weights/model.bin.gz', 'gzip')).toBeNull();
  });

  it("reads a corpus's documents that have no document extension as data in a data folder: NEWS, man pages, translations, TeX, numbered articles", () => {
    const text = Buffer.from('From: someone\nSubject: re: drivers\n\nThe driver works.\n');
    for (const [rel, sniffed] of [
      ['rag/docs/NEWS.gz', 'gzip'],
      ['rag/man/ls.1.gz', 'gzip'],
      ['rag/man/Net::DBus::Tutorial.3pm', 'text'],
      ['rag/po/de.po', 'text'],
      ['rag/papers/intro.tex', 'text'],
      ['data/20news/train/alt.atheism/49960', 'text'],
    ] as const) {
      expect(classify(rel, sniffed, sniffed === 'text' ? Buffer.from('The driver works.\n') : undefined), rel).toMatchObject({ class: 'data', format: 'text' });
    }
    // A numbered article that opens with a sender and a subject is a message (Usenet's format is mail's): read as MIME.
    expect(classify('data/20news/train/alt.atheism/49960', 'text', text)).toMatchObject({ class: 'data', format: 'eml' });
    expect(classify('rag/po/de.po', 'text', text)).toMatchObject({ class: 'data', format: 'text' });
    // A data folder's own README and changelog describe the dataset (secrets only), as before.
    expect(classify('rag/docs/README.Debian', 'text', text)).toMatchObject({ class: 'source' });
    // Outside a data folder they stay text read for secrets; an unnamed blob is still not read, nor binary.
    expect(classify('docs/de.po', 'text', text)).toMatchObject({ class: 'source' });
    expect(classify('usr/share/man/man1/ls.1.gz', 'gzip')).toBeNull();
    expect(classify('data/blob.gz', 'gzip')).toBeNull();
    expect(classify('data/20news/49960', 'binary', Buffer.from([0, 1, 2]))).toBeNull();
    expect(classify('ml/training/data/.gitignore', 'text', Buffer.from('*.csv\n'))).toMatchObject({ class: 'source' });
    // A module named like a log or a package's notes (Perl's `Pod/Simple/Debug.pm`) is code, read for secrets; the notes and logs stay text.
    for (const rel of ['rag/perl/5.36.0/Pod/Simple/Debug.pm', 'rag/perl/5.36.0/CPAN/Debug.pm', 'data/app/auth.py', 'data/ui/messages.js']) expect(classify(rel, 'text', text), rel).toMatchObject({ class: 'source' });
    for (const rel of ['rag/docs/NEWS.Debian', 'rag/logs/debug', 'rag/logs/messages.1', 'rag/docs/TODO.md']) expect(classify(rel, 'text', Buffer.from('The driver works.\n')), rel).toMatchObject({ class: 'data' });
    // An extension-less file that opens with a JSON object is still JSON Lines.
    expect(classify('data/records', 'text', Buffer.from('{"a": 1}\n{"a": 2}\n'))).toMatchObject({ class: 'data', format: 'jsonl' });
  });

  it("reads a LlamaIndex store's docstore.json (every node's text) wherever its persist folder is", () => {
    expect(classify('storage/docstore.json', 'text')).toMatchObject({ class: 'data', format: 'json' });
    expect(classify('app/index_storage/docstore.json', 'text')).toMatchObject({ class: 'data', format: 'json' });
    expect(classify('storage/index_store.json', 'text')).toMatchObject({ class: 'source' });
  });

  it("reads a vector store's pickled docstore anywhere, other pickles in data folders, and leaves model pickles to the models inspector", () => {
    expect(classify('vectorstore/faiss_index/index.pkl', 'pickle')).toMatchObject({ class: 'data', format: 'pickle', gzip: false });
    expect(classify('data/customers.pkl', 'pickle')).toMatchObject({ class: 'data', format: 'pickle' });
    expect(classify('datasets/train.pickle', 'pickle')).toMatchObject({ class: 'data', format: 'pickle' });
    expect(classify('data/train.pkl.gz', 'gzip')).toMatchObject({ class: 'data', format: 'pickle', gzip: true });
    expect(classify('models/classifier.pkl', 'pickle')).toBeNull();
    expect(classify('data/weights.pt', 'pickle')).toBeNull();
    expect(classify('models/train.pkl.gz', 'gzip')).toBeNull();
    expect(classify('.venv/lib/python3.11/site-packages/pkg/index.pkl', 'pickle')).toBeNull();
  });

  it('reads Word and PowerPoint files as data in a data folder, and for secrets elsewhere', () => {
    expect(classify('rag/docs/handbook.docx', 'zip')).toMatchObject({ class: 'data', format: 'docx' });
    expect(classify('data/decks/q3.pptx', 'zip')).toMatchObject({ class: 'data', format: 'pptx' });
    expect(classify('docs/design.docx', 'zip')).toMatchObject({ class: 'source', format: 'docx' });
    // Their 97–2003 forms (compound files) likewise, named .doc/.dot or .ppt/.pps/.pot.
    expect(classify('rag/docs/handbook.doc', 'ole2')).toMatchObject({ class: 'data', format: 'doc', innerExt: '.doc' });
    expect(classify('data/decks/q3.pps', 'ole2')).toMatchObject({ class: 'data', format: 'ppt', innerExt: '.pps' });
    expect(classify('docs/design.doc', 'ole2')).toMatchObject({ class: 'source', format: 'doc' });
    expect(classify('data/notes.doc', 'binary')).toBeNull();
    expect(classify('data/archive.zip', 'zip')).toBeNull();
    // Workbooks are tables: data wherever they are, as CSV is.
    expect(classify('finance/q3-customers.xlsx', 'zip')).toMatchObject({ class: 'data', format: 'xlsx' });
    expect(classify('rag/manuals/refunds.pdf', 'pdf')).toMatchObject({ class: 'data', format: 'pdf' });
    expect(classify('docs/paper.pdf', 'pdf')).toMatchObject({ class: 'source', format: 'pdf' });
    // TFRecord shards by name, plain or gzipped (TensorFlow Datasets names them `…tfrecord-00000-of-00004`).
    expect(classify('tfds/mnist/3.0.1/mnist-train.tfrecord-00000-of-00001', 'binary')).toMatchObject({ class: 'data', format: 'tfrecord', gzip: false });
    expect(classify('data/train.tfrecord.gz', 'gzip')).toMatchObject({ class: 'data', format: 'tfrecord', gzip: true });
    expect(classify('data/train.records', 'binary')).toBeNull();
    // Tar shards in a data folder are WebDataset samples; elsewhere archives for the models inspector.
    expect(classify('data/laion/00042.tar', 'tar')).toMatchObject({ class: 'data', format: 'tar', gzip: false });
    expect(classify('datasets/cc3m/00001.tar.gz', 'gzip')).toMatchObject({ class: 'data', format: 'tar', gzip: true });
    expect(classify('release/model.tar', 'tar')).toBeNull();
  });

  it('reads the package data of an installed package as source, but its tables as data', () => {
    for (const f of ['.venv/lib/python3.11/site-packages/cfnlint/data/schemas/patches/all/format.json', 'lib/python3/dist-packages/botocore/data/iam/examples-1.json', 'venv/lib/python3.12/site-packages/scipy/spatial/tests/data/random-int-data.txt', 'site-packages/pkg/data/notes.md']) {
      expect(classify(f, 'text')?.class, f).toBe('source');
    }
    expect(classify('.venv/lib/python3.11/site-packages/sklearn/datasets/data/iris.csv', 'text')).toMatchObject({ class: 'data', format: 'csv' });
    // The standard library's test fixtures too (the artifacts analyzer already counts it as installed).
    expect(classify('lib/python3.11/test/test_email/data/msg_16.txt', 'text')?.class).toBe('source');
    expect(classify('test/test_email/data/msg_16.txt', 'text', undefined, '/usr/lib/python3.11/test/test_email/data/msg_16.txt')?.class).toBe('source');
    expect(classify('lib/python3.11/test/data/table.csv', 'text')).toMatchObject({ class: 'data', format: 'csv' });
    // A scan that starts inside site-packages sees the package's own paths; the absolute one tells.
    expect(classify('botocore/data/iam/examples-1.json', 'text', undefined, '/usr/lib/python3/dist-packages/botocore/data/iam/examples-1.json')?.class).toBe('source');
    expect(classify('sklearn/datasets/descr/iris.rst', 'text', undefined, 'C:\\Python311\\Lib\\site-packages\\sklearn\\datasets\\descr\\iris.rst')?.class).toBe('source');
    // The same names outside an installed package are data.
    expect(classify('cfnlint/data/schemas/format.json', 'text')?.class).toBe('data');
    expect(classify('api/examples-1.json', 'text')?.class).toBe('data');
  });
});
