import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ActorSummary } from '../../src/actors/types.js';
import type { Answer } from '../../src/answer/types.js';
import type { Citation, CitedSentence } from '../../src/evidence/index.js';
import { renderActorSummary } from '../../src/bot/render/actor.js';
import { renderAnswer, renderQuotes, renderRelatedReading } from '../../src/bot/render/answer.js';
import { embedCharacters, limitViolations, type RenderedMessage } from '../../src/bot/render/limits.js';
import { renderActorsPage, renderModeratorStats, renderHelp, renderReindexProgress, renderReindexReport, renderSourcesPage } from '../../src/bot/render/listings.js';
import { escapeAndTruncate, escapeMarkdown, unescapeMarkdown } from '../../src/bot/render/markdown.js';

const SEED = 20251125;
const RUNS = 150;

/** Text full of what breaks renderers: markdown, mentions, surrogate pairs, combining marks, huge words. */
const nastyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 400 }),
  fc.string({ unit: fc.constantFrom('*', '_', '~', '`', '|', '>', '#', '-', '[', ']', '(', ')', '<', '@', '\\', ' ', '\n', '😀', '👍🏽', 'é', 'a', '1', '.', ':'), maxLength: 300 }),
  fc.constantFrom('@everyone', '@here', '<@123456789012345678>', '<@&123456789012345678>', '<#123456789012345678>', '[click](https://evil.example)', '||spoiler||', '# Heading', '1. list', '> quote', '-# small'),
  fc.string({ unit: 'binary', minLength: 3000, maxLength: 9000 }),
  fc.integer({ min: 1, max: 12_000 }).map((n) => '🇻🇪'.repeat(Math.ceil(n / 4))),
);

function sentenceArb(maxCitation: number) {
  return fc.record({
    text: nastyText.filter((text) => text.length > 0),
    docId: fc.constantFrom('000_a', '001_b', '002_c'),
    start: fc.nat(1000),
    citation: fc.integer({ min: 1, max: maxCitation }),
    // The same sentence in other outlets, each with its own citation.
    copyCitations: fc.array(fc.integer({ min: 1, max: maxCitation }), { maxLength: 3 }),
  }).map(({ copyCitations, ...s }): CitedSentence => {
    const sentence: CitedSentence = { ...s, end: s.start + s.text.length };
    if (copyCitations.length > 0) sentence.copies = copyCitations.map((citation) => ({ text: s.text, docId: '003_d', start: 0, end: s.text.length, citation }));
    return sentence;
  });
}

function citationsFor(sentences: CitedSentence[], titleArb: string[]): Citation[] {
  const spans = sentences.flatMap((sentence) => [sentence, ...(sentence.copies ?? [])]);
  const numbers = [...new Set(spans.map((span) => span.citation))].sort((a, b) => a - b);
  return numbers.map((n, index) => ({
    n,
    docId: spans.find((span) => span.citation === n)!.docId,
    title: titleArb[index % Math.max(1, titleArb.length)] ?? 'Title',
    source: 'Outlet',
    url: index % 2 === 0 ? 'https://example.org/article' : null,
    published: '2025-12-01',
    quote: sentences.filter((sentence) => sentence.citation === n).map((sentence) => sentence.text).join(' '),
    start: 0,
    end: 10,
    spans: spans.filter((span) => span.citation === n).map(({ start, end }) => ({ start, end })),
  }));
}

const answerArb = fc
  .record({
    question: nastyText,
    abstained: fc.boolean(),
    sentences: fc.array(sentenceArb(40), { maxLength: 40 }),
    titles: fc.array(nastyText, { minLength: 1, maxLength: 5 }),
    confidence: fc.double({ min: -1, max: 2, noNaN: false }),
  })
  .map(({ titles, ...rest }): Answer => ({
    ...rest,
    answer: rest.abstained ? '' : rest.sentences.map((sentence) => sentence.text).join(' '),
    citations: citationsFor(rest.sentences, titles),
    tookMs: 1,
    generation: 'g-1',
  }));

/** Every `[n]` marker in the description has a field `[n] …`. */
function expectEveryMarkerHasItsSource(message: RenderedMessage): void {
  for (const embed of message.embeds) {
    const description = embed.description ?? '';
    const [body, sourcesBlock = ''] = description.split('\n\n**Sources**\n');
    const markers = [...body!.matchAll(/(?<!\\)\*\*\[(\d+)\]\*\*/g)].map((match) => Number(match[1]));
    const sources = new Set(sourcesBlock.split('\n').map((line) => /^\*\*\[(\d+)\]\*\* /.exec(line)?.[1]).filter(Boolean).map(Number));
    for (const marker of markers) expect(sources.has(marker), `source line for [${marker}]`).toBe(true);
  }
}

function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

function allText(message: RenderedMessage): string[] {
  const texts = [message.content ?? ''];
  for (const embed of message.embeds) {
    texts.push(embed.title ?? '', embed.description ?? '', embed.footer?.text ?? '');
    for (const field of embed.fields ?? []) texts.push(field.name, field.value);
  }
  return texts;
}

describe('escapeMarkdown', () => {
  it('is undone exactly by what Discord displays (unescapeMarkdown)', () => {
    fc.assert(fc.property(nastyText, (text) => unescapeMarkdown(escapeMarkdown(text)) === text), { seed: SEED, numRuns: RUNS });
  });

  it('leaves no mention, link or formatting syntax active', () => {
    const escaped = escapeMarkdown('@everyone <@&1> **bold** [x](https://a.b) `code` ||s|| ~~x~~ _i_');
    expect(escaped).not.toMatch(/(?<!\\)@/);
    expect(escaped).not.toMatch(/(?<!\\)[*`|~_[<]/);
  });

  it('escapes line-start headings, lists and numbered lists', () => {
    expect(escapeMarkdown('# Title\n- item\n12. point\n-# small')).toBe('\\# Title\n\\- item\n12\\. point\n\\-\\# small'.replace('\\-\\#', '\\-#'));
  });
});

describe('escapeAndTruncate', () => {
  it('fits the budget, ends on a word boundary, and never splits a surrogate pair', () => {
    fc.assert(
      fc.property(nastyText, fc.integer({ min: 0, max: 5000 }), (text, max) => {
        const cut = escapeAndTruncate(text, max);
        expect(cut.length).toBeLessThanOrEqual(Math.max(max, 0));
        expect(hasLoneSurrogate(cut)).toBe(hasLoneSurrogate(text) && cut === escapeMarkdown(text));
        if (cut.endsWith('…') && cut !== escapeMarkdown(text)) {
          const kept = unescapeMarkdown(cut.slice(0, -1));
          expect(text.startsWith(kept)).toBe(true);
          // Cut at a word boundary unless the first word alone was too long.
          const nextCharacter = text.charAt(kept.length);
          const firstWordTooLong = !/\s/.test(text.slice(0, kept.length + 1));
          expect(/\s/.test(nextCharacter) || firstWordTooLong).toBe(true);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('keeps short text whole', () => {
    expect(escapeAndTruncate('Maduro said *no*.', 100)).toBe('Maduro said \\*no\\*.');
  });

  it('cuts between words and marks the cut', () => {
    expect(escapeAndTruncate('The fortress holds against every pressure', 20)).toBe('The fortress holds…');
  });
});

describe('renderAnswer', () => {
  it('never exceeds a Discord limit, for any answer', () => {
    fc.assert(
      fc.property(answerArb, nastyText, (answer, takenAs) => {
        const message = renderAnswer(answer, { key: 'abc123abc123', generation: 'g-1', takenAs });
        expect(limitViolations(message)).toEqual([]);
        expect(message.embeds.reduce((sum, embed) => sum + embedCharacters(embed), 0)).toBeLessThanOrEqual(6000);
        if (answer.abstained) {
          // A refusal stays small in the channel, however long the question or its reading.
          expect(message.embeds).toEqual([]);
          expect((message.content ?? '').length).toBeLessThan(300);
          expect(limitViolations(renderRelatedReading(answer))).toEqual([]);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('shows a possible answer as one quote with its source, within every limit, never as related reading', () => {
    const possible = answerArb.filter((answer) => answer.sentences.length > 0).map((answer) => ({ ...answer, abstained: true, answer: '', possibleAnswer: true }));
    fc.assert(
      fc.property(possible, (answer) => {
        const message = renderAnswer(answer, { key: 'k', generation: 'g-1' });
        expect(limitViolations(message)).toEqual([]);
        expect(message.embeds).toHaveLength(1);
        const description = message.embeds[0]!.description ?? '';
        expect(description).toContain('**Possible answer**');
        expect(description).not.toContain('Related reading');
        expect(description.split('\n').filter((line) => line.startsWith('> '))).toHaveLength(1);
        expectEveryMarkerHasItsSource(message);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('stays within every limit when each quote carries a long link', () => {
    const withLinks = fc.tuple(answerArb, fc.integer({ min: 1, max: 580 })).map(([answer, length]) => ({
      ...answer,
      sentences: answer.sentences.map((sentence) => ({ ...sentence, link: `https://example.org/#:~:text=${'a'.repeat(length)}` })),
    }));
    fc.assert(
      fc.property(withLinks, (answer) => {
        expect(limitViolations(renderAnswer(answer, { key: 'k', generation: 'g-1' }))).toEqual([]);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('shows a source for every [n] it shows, and no split surrogate pairs', () => {
    fc.assert(
      fc.property(answerArb, (answer) => {
        const message = renderAnswer(answer, { key: 'k', generation: null });
        expectEveryMarkerHasItsSource(message);
        const inputHasLone = [answer.question, ...answer.sentences.map((s) => s.text), ...answer.citations.map((c) => c.title)].some(hasLoneSurrogate);
        if (!inputHasLone) for (const text of allText(message)) expect(hasLoneSurrogate(text)).toBe(false);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('shows each sentence verbatim once markdown escapes are undone (or a word-boundary prefix of the first)', () => {
    // One sentence per line, so the description can be split back into sentences.
    const oneLineSentences = answerArb
      .filter((answer) => answer.sentences.length > 0)
      .map((answer) => ({ ...answer, sentences: answer.sentences.map((s) => ({ ...s, text: s.text.replace(/[\r\n\u2028\u2029\u0085]/g, ' ') })) }));
    fc.assert(
      fc.property(oneLineSentences, (answer) => {
        // An abstention shows no sentence in the channel; its related reading is checked the same way.
        const message = answer.abstained ? renderRelatedReading(answer) : renderAnswer(answer, { key: 'k', generation: null });
        const description = message.embeds[0]!.description ?? '';
        for (const line of description.split('\n')) {
          // A sentence carries its own marker first, then its copies' ("**[1]****[3]**").
          const cited = /^(?:> |• )(.*?) \*\*\[(\d+)\]\*\*(?:\*\*\[\d+\]\*\*)*$/s.exec(line);
          if (!cited) continue;
          let shown = unescapeMarkdown(cited[1]!);
          const truncated = shown.endsWith('…') && !answer.sentences.some((s) => s.text === shown);
          if (truncated) shown = shown.slice(0, -1);
          const candidates = answer.sentences.filter((s) => s.citation === Number(cited[2]));
          expect(candidates.some((s) => (truncated ? s.text.startsWith(shown) : s.text === shown))).toBe(true);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('shows a sentence that several outlets carry once, with a marker and a source for each', () => {
    const text = 'The bridge reopened on Friday after eleven months of repairs.';
    const answer: Answer = {
      question: 'When did the bridge reopen?',
      abstained: false,
      answer: text,
      sentences: [{ text, docId: 'gazette', start: 0, end: text.length, citation: 1, copies: [{ text, docId: 'herald', start: 40, end: 40 + text.length, citation: 2 }] }],
      citations: [1, 2].map((n) => ({ n, docId: n === 1 ? 'gazette' : 'herald', title: n === 1 ? 'Gazette' : 'Herald', source: null, url: null, published: null, quote: text, start: 0, end: text.length, spans: [{ start: n === 1 ? 0 : 40, end: (n === 1 ? 0 : 40) + text.length }] })),
      confidence: 0.9,
      tookMs: 1,
    };
    const embed = renderAnswer(answer, { key: 'k', generation: null }).embeds[0]!;
    expect(embed.description).toBe(`> ${escapeMarkdown(text)} **[1]****[2]**\n\n**Sources**\n**[1]** Gazette\n**[2]** Herald`);
  });

  it('says an abstention in two short lines, with the related reading behind a button that shows it as not an answer', () => {
    const answer: Answer = {
      question: 'Who won the 1930 World Cup?',
      abstained: true,
      answer: '',
      sentences: [{ text: 'Maduro responded with a rally.', docId: 'd', start: 0, end: 30, citation: 1 }],
      citations: [{ n: 1, docId: 'd', title: 'T', source: null, url: null, published: null, quote: 'Maduro responded with a rally.', start: 0, end: 30, spans: [{ start: 0, end: 30 }] }],
      confidence: 0.1,
      tookMs: 1,
    };
    const message = renderAnswer(answer, { key: 'k', generation: 'g-7' });
    expect(message.embeds).toEqual([]);
    expect(message.content).toBe('The articles here don’t cover that.\n-# `/sources` lists what they cover.');
    expect(message.content!.split('\n')).toHaveLength(2);
    expect(message.components[0]!.components.map((button) => ('label' in button ? button.label : undefined))).toEqual(['Related reading', undefined, undefined]);
    expect(JSON.stringify(message)).not.toContain('g-7');
    const reading = renderRelatedReading({ ...answer }).embeds[0]!;
    expect(reading.title).toBe('Related reading (not an answer)');
    expect(reading.description).toContain('• Maduro responded with a rally. **[1]**');
    expect(limitViolations(renderRelatedReading(answer))).toEqual([]);
  });

  it('gives the buttons custom ids within 100 characters', () => {
    const message = renderAnswer({ question: 'q', abstained: false, answer: '', sentences: [], citations: [], confidence: 1, tookMs: 0 }, { key: 'f'.repeat(12), generation: null });
    const ids = message.components[0]!.components.map((button) => ('custom_id' in button ? button.custom_id : ''));
    expect(ids).toEqual(['verbatim:quotes:ffffffffffff', 'verbatim:vote:up:ffffffffffff', 'verbatim:vote:down:ffffffffffff']);
  });
});

describe('renderQuotes', () => {
  it('stays within 10 embeds and 6000 characters in total, whatever the passages', () => {
    fc.assert(
      fc.property(answerArb, (answer) => {
        expect(limitViolations(renderQuotes(answer.citations, answer.sentences))).toEqual([]);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe('what an answer looks like', () => {
  const text = 'Diosdado Cabello is the number two of the ruling party.';
  const answer = (extra: Record<string, unknown> = {}): Answer =>
    ({
      question: 'Who is Cabello?',
      abstained: false,
      answer: text,
      sentences: [{ text, docId: '003_x', start: 100, end: 100 + text.length, citation: 1, ...extra }],
      citations: [{ n: 1, docId: '003_x', title: 'Who rules Venezuela', source: 'Reuters', url: 'https://example.org/a', published: '2025-11-30T10:00:00Z', quote: text, start: 100, end: 100 + text.length }],
      confidence: 0.93,
      tookMs: 1,
      generation: 'g-20251201T000000-abcdef',
    }) as Answer;

  it('quotes each sentence with its [n], lists "[n] Title — Outlet, date" linked, and says confidence in words', () => {
    const embed = renderAnswer(answer(), { key: 'k', generation: null }).embeds[0]!;
    expect(embed.description).toBe(`> ${text} **[1]**\n\n**Sources**\n**[1]** [Who rules Venezuela](https://example.org/a) — Reuters, 2025-11-30`);
    expect(embed.footer?.text).toBe('Quoted word for word from 1 article · strong match');
    // The document id, offsets and generation are kept for Show quotes.
    expect(JSON.stringify(embed)).not.toMatch(/003_x|abcdef|%/);
    const quotes = renderQuotes(answer().citations, answer().sentences, 'g-20251201T000000-abcdef').embeds[0]!;
    expect(quotes.footer?.text).toBe('Reuters, 2025-11-30 · 003_x · characters 100–155 · 1 answer sentence · index g-20251201T000000-abcdef');
    expect(quotes.url).toBe('https://example.org/a');
  });

  it('puts the short answer in bold inside its sentence when the answer marks one, and uses its confidence label', () => {
    const start = 100 + text.indexOf('the number two');
    const rendered = renderAnswer({ ...answer({ answerSpan: { start, end: start + 'the number two'.length, text: 'the number two' } }), confidenceLabel: 'partial match' } as Answer, { key: 'k', generation: null });
    expect(rendered.embeds[0]!.description).toContain('> Diosdado Cabello is **the number two** of the ruling party. **[1]**');
    expect(rendered.embeds[0]!.footer?.text).toContain('· partial match');
  });

  it('links each [n] marker to its quote in context, and only to an http(s) address', () => {
    const link = 'https://example.org/a#:~:text=Diosdado%20Cabello%20is,the%20ruling%20party.';
    expect(renderAnswer(answer({ link }), { key: 'k', generation: null }).embeds[0]!.description).toContain(`> ${text} **[\\[1\\]](${link})**`);
    for (const unsafe of ['javascript:alert(1)', 'https://example.org/a b', `https://example.org/${'x'.repeat(700)}`]) {
      expect(renderAnswer(answer({ link: unsafe }), { key: 'k', generation: null }).embeds[0]!.description).toContain(`> ${text} **[1]**\n`);
    }
  });

  it('links a Show quotes embed to the source viewer when the article has no URL of its own', () => {
    const viewerLink = 'https://verbatim.example.org/source/003_x?g=g-1&h=abababababababab&q=100-155#q=100-155';
    const noUrl = answer({ viewerLink, link: viewerLink });
    const citations = noUrl.citations.map((citation) => ({ ...citation, url: null }));
    expect(renderQuotes(citations, noUrl.sentences, 'g-1').embeds[0]!.url).toBe(viewerLink);
    expect(renderQuotes(noUrl.citations, noUrl.sentences, 'g-1').embeds[0]!.url).toBe('https://example.org/a');
  });

  it('lists also-relevant sentences after the answer when the answer has them', () => {
    const other = 'The party controls the assembly.';
    const withAlso = { ...answer(), alsoRelevant: [{ text: other, docId: '003_x', start: 0, end: other.length, citation: 1 }] } as Answer;
    expect(renderAnswer(withAlso, { key: 'k', generation: null }).embeds[0]!.description).toContain(`**Also relevant**\n• ${other} **[1]**`);
  });
});

describe('renderActorSummary', () => {
  it('never exceeds a limit and cites every line it shows', () => {
    const summaryArb = fc.record({ sentences: fc.array(sentenceArb(30), { maxLength: 30 }), name: nastyText, roles: fc.array(nastyText, { maxLength: 5 }) }).map(
      ({ sentences, name, roles }): ActorSummary => ({
        query: name,
        found: true,
        actor: { id: 'x', name, kind: 'person', mentions: sentences.length, docIds: ['000_a'], aliases: [name, 'alias'], roles },
        summary: sentences.slice(0, 15),
        said: sentences.slice(15),
        roleEvidence: roles.map((role, index) => ({ role, sentence: sentences[index % Math.max(1, sentences.length)] ?? { text: 'x', docId: '000_a', start: 0, end: 1, citation: 1 } })),
        related: [{ id: 'y', name: '@everyone', count: 2 }],
        citations: citationsFor(sentences.length > 0 ? sentences : [{ text: 'x', docId: '000_a', start: 0, end: 1, citation: 1 }], [name]),
        suggestions: [],
      }),
    );
    fc.assert(
      fc.property(summaryArb, (summary) => {
        const message = renderActorSummary(summary, { key: 'k' });
        expect(limitViolations(message)).toEqual([]);
        expectEveryMarkerHasItsSource(message);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('offers close names when nothing matches', () => {
    const message = renderActorSummary(
      { query: 'Cabelo', found: false, actor: null, summary: [], said: [], roleEvidence: [], related: [], citations: [], suggestions: ['Diosdado Cabello'] },
      { key: 'k' },
    );
    expect(message.embeds[0]!.description).toBe('Did you mean: **Diosdado Cabello**?');
  });
});

describe('renderSourcesPage', () => {
  it('pages long listings with Previous/Next buttons and clamps the page', () => {
    const sources = Array.from({ length: 30 }, (_, index) => ({ docId: `d${index}`, title: `Title ${index}`, source: null, url: null, published: null, passages: 1, chars: 10 }));
    const last = renderSourcesPage(sources, 99);
    expect(last.embeds[0]!.footer?.text).toBe('Page 4 of 4');
    const buttons = last.components[0]!.components;
    expect(buttons.map((button) => ('disabled' in button ? button.disabled : undefined))).toEqual([false, true]);
    expect(limitViolations(last)).toEqual([]);
  });
});

describe('every other reply stays within the limits', () => {
  const listing = (n: number) => Array.from({ length: n }, (_, index) => ({ id: `a${index}`, name: `Name ${'x'.repeat(index % 90)} ${index}`, kind: 'person' as const, mentions: index, docIds: [] }));

  it('/actors, /help, /reindex (progress and report) and /stats', () => {
    const messages: RenderedMessage[] = [
      renderActorsPage(listing(0), 0),
      renderActorsPage(listing(500), 3),
      renderHelp(500),
      renderHelp(500, { forModerator: true }),
      renderReindexProgress({ phase: 'embedding', done: 5, total: 9 }),
      renderReindexReport({
        documents: 5, passages: 90, model: 'embedded', dims: 300, tookMs: 1234, embedded: 10, reused: 80, generation: 'g-2', unchanged: false,
        added: Array.from({ length: 400 }, (_, i) => `doc-${i}`), changed: [], removed: [],
        skipped: Array.from({ length: 200 }, (_, i) => ({ file: `file-${i}.pdf`, reason: 'not a text file' })),
      }),
      renderModeratorStats({ unanswered: [], downvoted: [], votes: { up: 0, down: 0, total: 0, unreadable: 0 } }),
      renderModeratorStats({
        unanswered: Array.from({ length: 50 }, (_, i) => ({ question: 'q'.repeat(600) + i, count: 50 - i, lastAskedAt: '2026-12-06T09:00:00.000Z' })),
        downvoted: Array.from({ length: 50 }, (_, i) => ({ question: 'q'.repeat(600) + i, down: 2, up: 1, lastVotedAt: '2026-12-06T09:00:00.000Z' })),
        votes: { up: 10, down: 20, total: 30, unreadable: 3 },
      }),
    ];
    for (const message of messages) expect(limitViolations(message)).toEqual([]);
  });

  it('keeps the first page of a dossier short, with no sentence twice and roles merged', () => {
    const sentence = (text: string, citation: number, start: number): CitedSentence => ({ text, docId: '000_a', start, end: start + text.length, citation });
    const long = 'Maduro said the deployment was an act of aggression against the sovereign people of Venezuela and its institutions.';
    const summary: ActorSummary = {
      query: 'Maduro',
      found: true,
      actor: { id: 'm', name: 'Nicolás Maduro', kind: 'person', mentions: 40, docIds: ['000_a'], aliases: ['Maduro'], roles: ["Venezuela's President", 'President', 'Venezuelan President'] },
      summary: Array.from({ length: 10 }, (_, i) => sentence(i === 1 ? long : `${long} ${i}`, 1, i * 200)),
      said: [sentence(long, 1, 0), sentence('“We will not surrender,” Maduro said.', 1, 5000)],
      roleEvidence: [],
      related: [{ id: 'c', name: 'Diosdado Cabello', count: 4 }],
      citations: citationsFor([sentence(long, 1, 0)], ['Title']),
      suggestions: [],
    };
    const message = renderActorSummary(summary, { key: 'k' });
    expect(limitViolations(message)).toEqual([]);
    expect(embedCharacters(message.embeds[0]!)).toBeLessThanOrEqual(1200);
    const quoted = (message.embeds[0]!.description ?? '').split('\n').filter((line) => line.startsWith('> '));
    expect(new Set(quoted).size).toBe(quoted.length);
    expect(message.embeds[0]!.description).toContain("**Venezuela's President**");
    expect(message.embeds[0]!.description).not.toContain('Venezuelan President');
  });
});

describe('dossier pages of the seed corpus', () => {
  it('number their sources 1..n on every page, each marker with its source line, the first page verbatim', async () => {
    const { registryOf, seedDocuments } = await import('../actors/helpers.js');
    const { actorFirstPage, renderActorPage, renderActorSummary } = await import('../../src/bot/render/actor.js');
    const { expectEmbedVerbatim } = await import('./harness.js');
    const documents = await seedDocuments();
    const registry = registryOf(documents);
    const texts = new Map(documents.map((d) => [d.document.docId, d.document.text]));
    for (const name of ['Maduro', 'Cabello', 'Rubio', 'Hegseth', 'Grenell', 'Carvajal', 'Venezuela']) {
      const summary = registry.summarize(name);
      const pages = [renderActorSummary(summary, { key: 'k' }), renderActorPage(summary, 'more'), renderActorPage(summary, 'said')];
      for (const page of pages) {
        const description = String(page.embeds[0]!.description ?? '');
        const sources = [...description.matchAll(/^\*\*\[(\d+)\]\*\* /gm)].map((m) => Number(m[1]));
        const markers = new Set([...description.matchAll(/(?<!^)\*\*\[(\d+)\]\*\*/gm)].map((m) => Number(m[1])));
        expect(markers.size).toBe(sources.length);
        expect(sources, `${name}: ${page.embeds[0]!.title}`).toEqual(Array.from({ length: sources.length }, (_, i) => i + 1));
        for (const n of markers) expect(sources).toContain(n);
        expect(limitViolations(page)).toEqual([]);
      }
      expect(expectEmbedVerbatim(pages[0]!.embeds[0], texts, actorFirstPage(summary).citations), name).toBeGreaterThan(0);
    }
  });
});
