import { beforeAll, describe, expect, it } from 'vitest';
import type { ProcessedDocument } from '../../src/corpus/index.js';
import { ACTOR_REGISTRY_FORMAT_VERSION, buildActorRegistry, type ActorRegistry, type ActorRegistryData } from '../../src/actors/index.js';
import { registryOf, seedDocuments } from './helpers.js';

let documents: ProcessedDocument[];
let registry: ActorRegistry;
let data: ActorRegistryData;

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
      const sentences = new Set(summary.summary.map((s) => `${s.docId}:${s.start}`));
      const docs = new Set(summary.summary.map((s) => s.docId));
      const mentionSentences = new Set(registry.find(main.queries[0]!)!.mentions.map((m) => `${m.docId}#${m.sentence}`));
      // "where the corpus has them": at least three sentences from two articles, or every sentence there is.
      expect(sentences.size).toBeGreaterThanOrEqual(Math.min(3, mentionSentences.size));
      expect(docs.size).toBeGreaterThanOrEqual(Math.min(2, summary.actor!.docIds.length));
    });
  }

  it('quotes every summary, said and role sentence verbatim at its offsets, with a citation that exists', () => {
    const byId = new Map(documents.map((d) => [d.document.docId, d.document.text]));
    for (const listing of registry.list()) {
      const summary = registry.summarize(listing.name);
      expect(summary.found).toBe(true);
      const lines = [...summary.summary, ...summary.said, ...summary.roleEvidence.map((r) => r.sentence)];
      for (const line of lines) {
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

  it('keeps the sentence each role came from', () => {
    const cabello = registry.summarize('cabello');
    const role = cabello.roleEvidence.find((r) => r.role === 'Interior Minister')!;
    expect(role.sentence.text).toContain('Interior Minister Diosdado Cabello');
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

  it('quotes Maduro’s request and denial, not a claim he denies', () => {
    const said = registry.summarize('maduro').said.map((s) => s.text);
    expect(said.some((t) => t.includes('Maduro asked for global amnesty'))).toBe(true);
    expect(said.some((t) => t.includes('Maduro has denied the charges'))).toBe(true);
    expect(said.some((t) => t.endsWith('something that Maduro denies.'))).toBe(false);
  });

  it('never shows one sentence twice in a summary', () => {
    for (const listing of registry.list()) {
      const summary = registry.summarize(listing.name);
      const shown = [...summary.summary, ...summary.said].map((s) => `${s.docId}:${s.start}`);
      expect(new Set(shown).size, listing.name).toBe(shown.length);
    }
  });

  it('names related actors with co-mention counts', () => {
    const related = registry.summarize('Cabello').related;
    expect(related.map((r) => r.name)).toContain('Nicolás Maduro');
    expect(related.every((r) => r.count >= 1)).toBe(true);
  });
});
