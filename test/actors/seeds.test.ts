import { beforeAll, describe, expect, it } from 'vitest';
import type { ProcessedDocument } from '../../src/corpus/index.js';
import {
  ACTOR_REGISTRY_FORMAT_VERSION,
  buildActorRegistry,
  type ActorListing,
  type ActorRegistry,
  type ActorRegistryData,
  type ActorSummary,
} from '../../src/actors/index.js';
import { leansOnPrevious } from '../../src/text/index.js';
import { registryOf, seedDocuments, shownLines, withCopies } from './helpers.js';

let documents: ProcessedDocument[];
let registry: ActorRegistry;
let data: ActorRegistryData;
let summaries: Array<{ listing: ActorListing; summary: ActorSummary }> | undefined;

/** The summary of every listed actor, by its name, made once for the tests that read them all. */
function everySummary(): Array<{ listing: ActorListing; summary: ActorSummary }> {
  summaries ??= registry.list().map((listing) => ({ listing, summary: registry.summarize(listing.name) }));
  return summaries;
}

/** The text of a seed document, as the corpus stage read it. */
function documentText(docId: string): string {
  return documents.find((d) => d.document.docId === docId)!.document.text;
}

beforeAll(async () => {
  documents = await seedDocuments();
  registry = registryOf(documents);
  data = registry.data;
});

/** The main actors of the seed articles, how a person might type them, and a role the text gives. */
const MAIN_ACTORS: Array<{ queries: string[]; name: RegExp; kind: string; role?: RegExp }> = [
  { queries: ['Maduro', 'nicolas maduro', 'Nicolás Maduro', 'mr. maduro'], name: /Maduro/, kind: 'person', role: /President|dictator|leader/ },
  { queries: ['Trump', 'donald trump'], name: /Donald Trump/, kind: 'person', role: /President/ },
  { queries: ['Cabello', 'diosdado cabello'], name: /Diosdado Cabello/, kind: 'person', role: /Interior Minister/i },
  { queries: ['Padrino López', 'padrino lopez', 'Vladimir Padrino'], name: /Vladimir Padrino López/, kind: 'person', role: /Defense Minister/i },
  { queries: ['Carvajal', 'hugo carvajal'], name: /Hugo Carvajal/, kind: 'person', role: /intelligence chief|spymaster/ },
  { queries: ['Rubio', 'marco rubio'], name: /Marco Rubio/, kind: 'person', role: /Secretary of State/ },
  { queries: ['Hegseth', 'pete hegseth'], name: /Pete Hegseth/, kind: 'person', role: /Secretary/ },
  { queries: ['Grenell', 'richard grenell'], name: /Grenell/, kind: 'person', role: /special envoy/ },
  { queries: ['Cartel de los Soles', 'cartel de los soles'], name: /Cartel de los Soles/, kind: 'organization' },
  { queries: ['Tren de Aragua', 'tren de aragua'], name: /Tren de Aragua/, kind: 'organization' },
  { queries: ['Russia', 'russia', 'Russian'], name: /^Russia$/, kind: 'country' },
  { queries: ['China', 'china'], name: /^China$/, kind: 'country' },
  { queries: ['Cuba', 'cuba', 'Cuban'], name: /^Cuba$/, kind: 'country' },
  { queries: ['Iran', 'iran'], name: /^Iran$/, kind: 'country' },
];

describe('actor summaries of the seed corpus', () => {
  for (const main of MAIN_ACTORS) {
    it(`finds ${main.queries[0]} by every spelling and quotes the corpus about them`, () => {
      for (const query of main.queries) {
        const summary = registry.summarize(query);
        expect(summary.found, query).toBe(true);
        expect(summary.actor?.name, query).toMatch(main.name);
        expect(summary.actor?.kind).toBe(main.kind);
      }
      const summary = registry.summarize(main.queries[0]!);
      if (main.role) expect(summary.actor!.roles.some((r) => main.role!.test(r)), summary.actor!.roles.join('; ')).toBe(true);
      // Role sentences are shown once, with their role: what the summary quotes is all three lists.
      const shown = shownLines(summary);
      const sentences = new Set(shown.map((s) => `${s.docId}:${s.start}`));
      const docs = new Set(shown.map((s) => s.docId));
      const mentionSentences = new Set(registry.find(main.queries[0]!)!.mentions.map((m) => `${m.docId}#${m.sentence}`));
      // "where the corpus has them": at least three sentences from two articles, or every sentence there is.
      expect(sentences.size).toBeGreaterThanOrEqual(Math.min(3, mentionSentences.size));
      expect(docs.size).toBeGreaterThanOrEqual(Math.min(2, summary.actor!.docIds.length));
      expect(summary.summary.length, 'sentences about them besides their roles').toBeGreaterThan(0);
    });
  }

  it('quotes every summary, said and role sentence verbatim at its offsets, with a citation that exists', () => {
    const byId = new Map(documents.map((d) => [d.document.docId, d.document.text]));
    for (const { summary } of everySummary()) {
      expect(summary.found).toBe(true);
      for (const line of shownLines(summary)) {
        expect(byId.get(line.docId)!.slice(line.start, line.end)).toBe(line.text);
        const citation = summary.citations.find((c) => c.n === line.citation)!;
        expect(citation.docId).toBe(line.docId);
        expect(byId.get(citation.docId)!.slice(citation.start, citation.end)).toBe(citation.quote);
      }
    }
  });

  it('lists at least 27 real actors among the 30 most mentioned, and no outlet or sentence-start word', () => {
    const top = registry.list(30).map((a) => a.name);
    const junk = ['Still', 'Instead', 'Newsmax', 'AFP', 'Getty Images', 'Reuters', 'AP', 'New York Times', 'The New York Sun', 'El Pais', 'TOPSHOT', 'Fox News Digital', 'Wall Street Journal'];
    for (const word of junk) expect(registry.list().map((a) => a.name)).not.toContain(word);
    expect(top).toHaveLength(30);
    expect(top.filter((name) => /^[A-Z]/.test(name)).length).toBeGreaterThanOrEqual(27);
  });

  it('records every mention at offsets that spell one of the actor’s names', () => {
    const byId = new Map(documents.map((d) => [d.document.docId, d]));
    for (const actor of data.actors) {
      const forms = [actor.name, ...actor.aliases];
      for (const m of actor.mentions) {
        const written = byId.get(m.docId)!.document.text.slice(m.start, m.end);
        expect(forms.some((f) => f.includes(written)), `${actor.name}: ${written}`).toBe(true);
        const sentence = byId.get(m.docId)!.sentences[m.sentence]!;
        expect(sentence.start <= m.start && m.end <= sentence.end).toBe(true);
      }
    }
  });

  it('keeps the sentence each role came from (beside the role, or in the summary when the first page needs its article)', () => {
    const cabello = registry.summarize('cabello');
    expect(cabello.actor!.roles).toContain('Interior Minister');
    const role = cabello.roleEvidence.find((r) => r.role === 'Interior Minister');
    const sentences = role ? [role.sentence] : cabello.summary;
    expect(sentences.some((s) => s.text.includes('Interior Minister Diosdado Cabello'))).toBe(true);
  });

  it('is JSON-serialisable with a format version', () => {
    const again = JSON.parse(JSON.stringify(data)) as ActorRegistryData;
    expect(again).toEqual(data);
    expect(again.formatVersion).toBe(ACTOR_REGISTRY_FORMAT_VERSION);
    expect(buildActorRegistry(documents)).toEqual(data);
  });

  it('lists no vehicle, designation or event as an actor', () => {
    const names = registry.list().map((a) => a.name);
    for (const name of ['Air Force One', 'Foreign Terrorist Organization', 'FTO', 'State of the Union']) expect(names).not.toContain(name);
  });

  it('quotes Maduro’s denial, not a claim he denies nor an anonymous source’s words about him', () => {
    const said = registry.summarize('maduro').said.map((s) => s.text);
    expect(said.some((t) => t.includes('Maduro has denied the charges'))).toBe(true);
    expect(said.some((t) => t.endsWith('something that Maduro denies.'))).toBe(false);
    // “First, Maduro asked for global amnesty…,” said the source, speaking on the condition of anonymity.
    expect(said.some((t) => t.includes('Maduro asked for global amnesty'))).toBe(false);
  });

  it('never shows one sentence twice in a summary, role evidence and copies included', () => {
    for (const { listing, summary } of everySummary()) {
      const lines = shownLines(summary);
      const shown = withCopies(lines).map((s) => `${s.docId}:${s.start}`);
      expect(new Set(shown).size, listing.name).toBe(shown.length);
      const texts = lines.map((s) => s.text);
      expect(new Set(texts).size, listing.name).toBe(texts.length);
    }
  });

  it('lists every quoted sentence, copies included, among the ranges of its citation', () => {
    const byId = new Map(documents.map((d) => [d.document.docId, d.document.text]));
    for (const { listing, summary } of everySummary()) {
      const quoted = withCopies(shownLines(summary));
      for (const line of quoted) {
        expect(byId.get(line.docId)!.slice(line.start, line.end), listing.name).toBe(line.text);
        const citation = summary.citations.find((c) => c.n === line.citation)!;
        expect(citation.docId).toBe(line.docId);
        const spans = citation.spans ?? [];
        expect(spans, `${listing.name}: ${line.text.slice(0, 60)}`).toContainEqual({ start: line.start, end: line.end });
      }
      for (const citation of summary.citations) {
        // Every range a citation lists is a sentence the summary shows.
        for (const span of citation.spans ?? []) {
          expect(quoted.some((s) => s.docId === citation.docId && s.start === span.start && s.end === span.end)).toBe(true);
        }
      }
    }
  });

  it('merges near-synonym roles into one, keeping a verbatim wording and its sentence', () => {
    const maduro = registry.summarize('maduro');
    const heads = maduro.roleEvidence.map((r) => r.role.toLowerCase().split(/\s+/).pop());
    // "Venezuela’s President", "President", "Venezuelan President", "Venezuelan leader", "Venezuelan dictator": one post.
    expect(maduro.roleEvidence).toHaveLength(1);
    expect(heads[0]).toBe('president');
    const role = maduro.roleEvidence[0]!;
    expect(role.sentence.text).toContain(role.role);
    expect(role.alsoWritten).toEqual(expect.arrayContaining(['Venezuelan President', 'Venezuelan dictator']));
    expect(maduro.actor!.roles).toEqual([role.role]);
  });

  it('opens the summary with three concise key sentences from three articles when it has them (a sentence and the one leaning on it count as one)', () => {
    for (const { listing, summary: { summary } } of everySummary()) {
      const paired = new Set(summary.flatMap((s, i) => (i > 0 && leansOnPrevious(s.text) ? [s, summary[i - 1]!] : [])));
      const concise = summary.filter((s) => s.text.length <= 220 && !paired.has(s));
      if (new Set(concise.map((s) => s.docId)).size >= 3) expect(summary.slice(0, 3).every((s) => s.text.length <= 220), listing.name).toBe(true);
    }
  });

  it('never opens a key sentence by pointing back at nothing: a sentence that leans comes right after its antecedent', () => {
    for (const { listing, summary: { summary } } of everySummary()) {
      expect(leansOnPrevious(summary[0]?.text ?? ''), `${listing.name}: ${summary[0]?.text}`).toBe(false);
      summary.forEach((sentence, i) => {
        if (i === 0 || !leansOnPrevious(sentence.text)) return;
        const before = summary[i - 1]!;
        // The antecedent is the sentence just before it in the same article (only whitespace between).
        expect(before.docId, listing.name).toBe(sentence.docId);
        expect(documentText(sentence.docId).slice(before.end, sentence.start).trim(), `${listing.name}: ${sentence.text}`).toBe('');
      });
    }
    const maduro = registry.summarize('maduro').summary;
    const they = maduro.findIndex((s) => s.text.startsWith('They may not have a hierarchy'));
    if (they !== -1) expect(they).toBeGreaterThan(0);
  });

  it('draws the first page on every article that mentions the actor, up to its size', () => {
    for (const name of ['Rubio', 'Hegseth', 'Grenell', 'Carvajal']) {
      const summary = registry.summarize(name);
      const firstPage = [...summary.summary.slice(0, 3), ...summary.said.slice(0, 2)];
      const articles = new Set(firstPage.map((s) => s.docId));
      expect(articles.size, name).toBe(Math.min(summary.actor!.docIds.length, 5));
      for (const s of firstPage) expect(documentText(s.docId).slice(s.start, s.end), name).toBe(s.text);
    }
  });

  it('opens “what they said” with the actor’s own words in quotation marks', () => {
    for (const { listing, summary: { said } } of everySummary()) {
      const quoting = said.map((s) => /[“"][^”"]*\p{L}+\s+\p{L}+\s+\p{L}+/u.test(s.text));
      // No report of what they said comes before a quotation of their words.
      const firstReport = quoting.indexOf(false);
      if (firstReport >= 0) expect(quoting.slice(firstReport).includes(true), listing.name).toBe(false);
    }
  });

  it('names related actors with co-mention counts', () => {
    const related = registry.summarize('Cabello').related;
    expect(related.map((r) => r.name)).toContain('Nicolás Maduro');
    expect(related.every((r) => r.count >= 1)).toBe(true);
  });
});
