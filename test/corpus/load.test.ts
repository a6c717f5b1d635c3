import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { CorpusError, loadCorpus, processDocument } from '../../src/corpus/index.js';
import { FIVE_MB } from './helpers.js';
import { temporaryFolder } from '../helpers/temp-folders.js';

const ARTICLE = 'Maduro Digs In\nThe president refused to leave. His allies stood by him.\n';

describe('loadCorpus', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await temporaryFolder('corpus');
  });
  const write = (name: string, content: string | Uint8Array) => writeFile(path.join(dir, name), content);
  const load = (maxFileBytes = FIVE_MB) => loadCorpus(dir, { maxFileBytes });
  const reasonFor = async (name: string, maxFileBytes?: number) => {
    const { skipped, documents } = await load(maxFileBytes);
    expect(documents.map((d) => d.file)).not.toContain(name);
    return skipped.find((s) => s.file === name)?.reason;
  };

  it('throws a CorpusError with a one-line instruction when the folder is missing', async () => {
    const missing = path.join(dir, 'nope');
    await expect(loadCorpus(missing, { maxFileBytes: FIVE_MB })).rejects.toBeInstanceOf(CorpusError);
    await expect(loadCorpus(missing, { maxFileBytes: FIVE_MB })).rejects.toThrow(/^No corpus folder at .*nope: create it .*CORPUS_DIR\.$/);
  });

  it('throws a CorpusError when the corpus path is a file', async () => {
    await write('file.txt', ARTICLE);
    await expect(loadCorpus(path.join(dir, 'file.txt'), { maxFileBytes: FIVE_MB })).rejects.toThrow(CorpusError);
  });

  it('reads .txt and .md files sorted by file name, with docIds from the names', async () => {
    await write('b.txt', ARTICLE);
    await write('a.md', ARTICLE);
    await write('C.txt', ARTICLE);
    const { documents, skipped } = await load();
    expect(documents.map((d) => [d.docId, d.file])).toEqual([['C', 'C.txt'], ['a', 'a.md'], ['b', 'b.txt']]);
    expect(skipped).toEqual([]);
  });

  it('skips an empty or blank file with a reason', async () => {
    await write('empty.txt', '');
    await write('blank.md', ' \n\n\t\n');
    expect(await reasonFor('empty.txt')).toMatch(/is empty: add the article text or delete the file/);
    expect(await reasonFor('blank.md')).toMatch(/is empty/);
  });

  it('skips a binary file with NUL bytes or mostly control characters', async () => {
    await write('image.txt', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    await write('control.txt', new Uint8Array(Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? 0x01 : 0x41))));
    expect(await reasonFor('image.txt')).toMatch(/binary file \(it contains NUL bytes\)/);
    expect(await reasonFor('control.txt')).toMatch(/binary file \(mostly control characters\)/);
  });

  it('skips invalid UTF-8 and UTF-16 with what to save the file as', async () => {
    await write('latin1.txt', Buffer.from('Caf\xe9 con leche en Caracas.', 'latin1'));
    await write('utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Hello there.', 'utf16le')]));
    expect(await reasonFor('latin1.txt')).toMatch(/not valid UTF-8: save the file as UTF-8/);
    expect(await reasonFor('utf16.txt')).toMatch(/UTF-16 text: save the file as UTF-8/);
  });

  it('skips a file over the size limit, naming the limit and the setting', async () => {
    await write('big.txt', ARTICLE.repeat(100));
    expect(await reasonFor('big.txt', 1024)).toMatch(/^is \d+\.\d KB, over the 1\.0 KB limit: split the article or raise MAX_FILE_BYTES$/);
  });

  it('skips unknown extensions but passes over sidecars, actors.yaml, README files and hidden files', async () => {
    await write('report.pdf', '%PDF-1.4');
    await write('notes.docx', 'x');
    await write('noextension', ARTICLE);
    await write('actors.yaml', 'actors: []');
    await write('orphan.meta.json', '{}');
    await write('README.md', '# About this corpus');
    await write('.DS_Store', 'junk');
    await mkdir(path.join(dir, 'drafts'));
    const { skipped, documents } = await load();
    expect(documents).toEqual([]);
    expect(skipped).toEqual([
      { file: 'drafts', reason: expect.stringMatching(/is a folder/) },
      { file: 'noextension', reason: expect.stringMatching(/^no file extension: Verbatim reads \.txt and \.md/) },
      { file: 'notes.docx', reason: expect.stringMatching(/^unknown extension "\.docx"/) },
      { file: 'report.pdf', reason: expect.stringMatching(/^unknown extension "\.pdf": Verbatim reads \.txt and \.md files/) },
    ]);
  });

  it('reads YAML front matter of a .md file and starts the body after it, keeping offsets into the whole file', async () => {
    const text = [
      '---',
      'title: "Cartel de los Soles: what we know"',
      'source: Example Wire',
      'url: https://example.com/cartel',
      'published: 2025-11-24',
      'author: Jane Doe',
      'tags: [venezuela]',
      '---',
      'Washington designated the group. Caracas denied it.',
      '',
    ].join('\n');
    await write('cartel.md', text);
    const [document] = (await load()).documents;
    expect(document!.meta).toEqual({
      title: 'Cartel de los Soles: what we know',
      source: 'Example Wire',
      url: 'https://example.com/cartel',
      published: '2025-11-24',
      author: 'Jane Doe',
    });
    expect(document!.text).toBe(text);
    expect(document!.contentStart).toBe(text.indexOf('Washington'));
    const { sentences } = processDocument(document!);
    expect(sentences.map((s) => s.text)).toEqual(['Washington designated the group.', 'Caracas denied it.']);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('reads front matter at the top of a .txt too, each line after it a paragraph; a .txt opening with dashes that name nothing is plain text', async () => {
    const text = ['---', 'title: Eleven miners rescued', 'source: Andes Wire', '---', 'Rescue teams pulled eleven miners out.', 'Two were taken to hospital.', ''].join('\n');
    await write('mine.txt', text);
    const dashes = ['---', 'Rescue teams pulled eleven miners out.', '---', 'Two were taken to hospital.', ''].join('\n');
    await write('dashes.txt', dashes);
    const documents = (await load()).documents;
    const mine = documents.find((d) => d.file === 'mine.txt')!;
    expect(mine.meta).toMatchObject({ title: 'Eleven miners rescued', source: 'Andes Wire' });
    expect(mine.contentStart).toBe(text.indexOf('Rescue'));
    const { sentences } = processDocument(mine);
    expect(sentences.map((s) => s.text)).toEqual(['Rescue teams pulled eleven miners out.', 'Two were taken to hospital.']);
    expect(new Set(sentences.map((s) => s.paragraph)).size).toBe(2);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
    const plain = documents.find((d) => d.file === 'dashes.txt')!;
    expect(plain.contentStart).toBe(0);
    expect(processDocument(plain).sentences.map((s) => s.text)).toContain('Two were taken to hospital.');
  });

  it('derives a .md title from a heading when the front matter has none, and turns readable dates into ISO', async () => {
    await write('heading.md', '---\npublished: November 16, 2025\n---\n# Rubio Names the Cartel.\n\nThe designation took effect.\n');
    const [document] = (await load()).documents;
    expect(document!.meta.title).toBe('Rubio Names the Cartel.');
    expect(document!.meta.published).toBe('2025-11-16');
  });

  it('skips broken front matter with a reason: unclosed, invalid YAML, wrong field type, bad date, no body', async () => {
    await write('unclosed.md', '---\ntitle: A\nThe body never starts.\n');
    await write('invalid.md', '---\ntitle: [unclosed\n---\nBody.\n');
    await write('list.md', '---\ntitle:\n  - a\n  - b\n---\nBody.\n');
    await write('date.md', '---\npublished: soon\n---\nBody.\n');
    await write('nobody.md', '---\ntitle: Only metadata\n---\n\n');
    const { skipped } = await load();
    const reasons = Object.fromEntries(skipped.map((s) => [s.file, s.reason]));
    expect(reasons['unclosed.md']).toMatch(/never closes: add a line with ---/);
    expect(reasons['invalid.md']).toMatch(/^front matter is not valid YAML \(.+\): fix it or remove it$/);
    expect(reasons['list.md']).toMatch(/field "title" must be text, not a list/);
    expect(reasons['date.md']).toMatch(/"published" is not a date \("soon"\): write it as YYYY-MM-DD/);
    expect(reasons['nobody.md']).toMatch(/no article text after it/);
    for (const reason of Object.values(reasons)) expect(reason).not.toContain('\n');
  });

  it('reads sidecar NAME.meta.json metadata for a .txt file and includes it in the hash', async () => {
    await write('story.txt', ARTICLE);
    await write('story.meta.json', JSON.stringify({ title: 'Given Title', source: 'Example Wire', url: 'https://example.com/s', published: '2025-11-16' }));
    await write('plain.txt', ARTICLE);
    const { documents } = await load();
    const story = documents.find((d) => d.docId === 'story')!;
    const plain = documents.find((d) => d.docId === 'plain')!;
    expect(story.meta).toEqual({ title: 'Given Title', source: 'Example Wire', url: 'https://example.com/s', published: '2025-11-16', author: null });
    expect(plain.meta.title).toBe('Maduro Digs In');
    expect(story.text).toBe(plain.text);
    expect(story.hash).not.toBe(plain.hash);
  });

  it('skips a .txt whose sidecar is broken JSON, naming the sidecar', async () => {
    await write('story.txt', ARTICLE);
    await write('story.meta.json', '{"title": "unterminated');
    expect(await reasonFor('story.txt')).toMatch(/^sidecar story\.meta\.json is not valid JSON \(.+\): fix it or delete it$/);
  });

  it('skips the second of two files that would share a docId', async () => {
    await write('same.md', ARTICLE);
    await write('same.txt', ARTICLE);
    const { documents, skipped } = await load();
    expect(documents.map((d) => d.file)).toEqual(['same.md']);
    expect(skipped).toEqual([{ file: 'same.txt', reason: 'has the same docId "same" as same.md: rename one of them' }]);
  });

  it('keeps a byte-order mark in the text so offsets match fs.readFile', async () => {
    await write('bom.txt', '\ufeffHeadline Here\nFirst sentence. Second one.');
    const [document] = (await load()).documents;
    expect(document!.text.startsWith('\ufeff')).toBe(true);
    expect(document!.meta.title).toBe('Headline Here');
    const { sentences } = processDocument(document!);
    expect(sentences[0]).toMatchObject({ start: 1, text: 'Headline Here' });
  });

  it('loads the good files next to the bad ones', async () => {
    await write('good.txt', ARTICLE);
    await write('bad.txt', '');
    await write('worse.bin', new Uint8Array([0, 1, 2]));
    const { documents, skipped } = await load();
    expect(documents.map((d) => d.docId)).toEqual(['good']);
    expect(skipped.map((s) => s.file)).toEqual(['bad.txt', 'worse.bin']);
  });
});
