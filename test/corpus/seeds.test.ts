import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus, processDocument, type ProcessedDocument } from '../../src/corpus/index.js';
import { FIVE_MB, SEED_DIR } from './helpers.js';

describe('the seed corpus', () => {
  let processed: ProcessedDocument[] = [];
  beforeAll(async () => {
    const { documents, skipped } = await loadCorpus(SEED_DIR, { maxFileBytes: FIVE_MB });
    expect(skipped).toEqual([]);
    processed = documents.map((document) => processDocument(document));
  });

  it('loads the five seeds, sorted by file name, with docIds from the file names', () => {
    expect(processed.map((p) => p.document.docId)).toEqual([
      '000_1be521f82225c4ad',
      '001_818d96d150a48b90',
      '002_3e35f3b5e4a9b597',
      '003_67567262379d8d65',
      '004_e3715eec4e6b8ea7',
    ]);
  });

  it('keeps each document text identical to the file as fs.readFile reads it', async () => {
    for (const { document } of processed) {
      expect(document.text).toBe(await readFile(path.join(SEED_DIR, document.file), 'utf8'));
    }
  });

  it('gives every sentence of every seed offsets that slice the raw file to its text', async () => {
    let count = 0;
    for (const { document, sentences } of processed) {
      const raw = await readFile(path.join(SEED_DIR, document.file), 'utf8');
      for (const sentence of sentences) {
        expect(raw.slice(sentence.start, sentence.end)).toBe(sentence.text);
        expect(sentence.text).toBe(sentence.text.trim());
        expect(sentence.text).not.toContain('\n');
        count++;
      }
    }
    expect(count).toBeGreaterThan(200);
  });

  it('gives every passage of every seed offsets that slice the raw file to its text', () => {
    for (const { document, passages, sentences } of processed) {
      for (const passage of passages) {
        expect(document.text.slice(passage.start, passage.end)).toBe(passage.text);
        const first = sentences[passage.sentenceIndexes[0]!]!;
        const last = sentences[passage.sentenceIndexes[passage.sentenceIndexes.length - 1]!]!;
        expect([passage.start, passage.end]).toEqual([first.start, last.end]);
      }
    }
  });

  it('covers every sentence with at least one passage', () => {
    for (const { sentences, passages } of processed) {
      const covered = new Set(passages.flatMap((passage) => passage.sentenceIndexes));
      expect(covered.size).toBe(sentences.length);
    }
  });

  it('derives sensible titles: headlines, or a shortened first sentence, never a caption or a nav link', () => {
    expect(processed.map((p) => p.document.meta.title)).toEqual([
      'With Incentives Aplenty, Maduro’s Inner Circle Hasn’t Cracked — Even Under Trump’s Pressure',
      'After weeks of saber rattling and deadly airstrikes, US President Donald Trump has ordered…',
      'U.S. Escalates Pressure on Venezuela‘s Maduro Regime with Cartel Designation',
      'Venezuelan dictator Nicolás Maduro reportedly rejected any negotiated exit from power, and he is…',
      'President Trump has been hyper-focused on Venezuela lately – but why?',
    ]);
    for (const { document } of processed) {
      expect(document.meta.title).not.toMatch(/^TOPSHOT|^Previous post/);
      expect(document.meta.title.length).toBeLessThanOrEqual(150);
      expect(document.meta).toMatchObject({ source: null, url: null, published: null, author: null });
    }
  });

  it('leaves the seeds’ captions, credits, embeds, copyright and comment prompts out of every sentence', () => {
    const allText = processed.flatMap((p) => p.sentences.map((s) => s.text)).join('\n');
    for (const furniture of ['TOPSHOT', 'Getty Images', 'pic.twitter.com', '(@AP)', '©', 'Featured image', 'Leave a Reply', 'Previous post']) {
      expect(allText).not.toContain(furniture);
    }
    const kinds = processed.map((p) => (p.boilerplate ?? []).map((b) => b.kind));
    // Seed 001's caption line: its "TOPSHOT –" slug and "(Photo by …)" credit, then the credit line.
    expect(kinds[1]).toEqual(['photo-caption', 'photo-credit', 'photo-credit']);
    expect(kinds[3]).toEqual(['copyright']);
    // Seed 004's "Featured image: …" line is a labelled caption and stays out whole.
    expect(kinds[4]).toEqual(['navigation', 'social-embed', 'social-embed', 'photo-caption', 'comment-prompt']);
  });

  it('quotes the prose of seed 001’s photo caption, the facts of which the article repeats nowhere else', () => {
    const { document, sentences } = processed[1]!;
    const rally = sentences.find((s) => s.text.includes('December 1, 2025'));
    const peace = sentences.find((s) => s.text.includes('a slave’s peace'));
    expect(rally?.text).toBe('Venezuela’s President Nicolas Maduro dances with supporters during a rally in Caracas on December 1, 2025.');
    expect(peace?.text).toMatch(/^Venezuela does not want “a slave’s peace,” President Nicolas Maduro told .* for 22 weeks\.$/);
    for (const sentence of [rally!, peace!]) expect(document.text.slice(sentence.start, sentence.end)).toBe(sentence.text);
    expect(peace!.paragraph).toBe(rally!.paragraph);
  });

  it('splits the seeds’ hard cases correctly', () => {
    const sentences = new Set(processed.flatMap((p) => p.sentences.map((s) => s.text)));
    // Mr. inside a sentence, and a sentence ending in an attribution after a quote.
    expect(sentences).toContain('Russia provides personnel and military equipment, including S-300 air defense systems, Mr. Ellis notes.');
    // "to the U.S. U.S. authorities": an initialism ends a sentence when another begins the next one.
    expect(sentences).toContain(
      'The U.S. treasury Department sanctioned the Cartel de los Soles in July, asserting that Maduro and his allies have leveraged the Venezuelan government, military, and intelligence services to facilitate narcotics trafficking to the U.S.',
    );
    // The missing space in "the CIA.A senior official".
    expect(sentences).toContain('A senior administration official, speaking anonymously, stated there is a strong internal belief that Maduro’s rule is “not lasting.”');
    // Decimals: "7.9 million" does not end a sentence.
    expect(sentences).toContain('More than 7.9 million people have fled the country since Mr. Maduro took power in early 2013.');
    // A closing quote after the period stays with its sentence; the next sentence starts after it.
    expect(sentences).toContain('Instead of capitulating, Gaddafi referred to his opponents as “rats” and “cockroaches.”');
    // Headlines without a final period are sentences of their own.
    expect(sentences).toContain('The Strategy of Maximum Pressure');
    expect(sentences).toContain('How Maduro keeps the military loyal');
  });

  it('keeps passages within about 120 words unless a single sentence is longer', () => {
    for (const { passages } of processed) {
      for (const passage of passages) {
        const words = passage.text.split(/\s+/).length;
        if (passage.sentenceIndexes.length > 1) expect(words).toBeLessThanOrEqual(120);
      }
    }
  });

  it('is deterministic: a second load gives the same hashes, sentences and passage ids', async () => {
    const again = (await loadCorpus(SEED_DIR, { maxFileBytes: FIVE_MB })).documents.map((d) => processDocument(d));
    expect(again.map((p) => p.document.hash)).toEqual(processed.map((p) => p.document.hash));
    expect(again.map((p) => p.passages.map((x) => x.id))).toEqual(processed.map((p) => p.passages.map((x) => x.id)));
    for (const { document } of processed) expect(document.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
