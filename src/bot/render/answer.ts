import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from 'discord.js';
import { labelOf, type Answer, type AnswerSentence } from '../../answer/index.js';
import type { Citation, CitedSentence } from '../../evidence/index.js';
import type { RememberedReply } from '../answer-memory.js';
import { buildCitedEmbed, type CitedLine, type DescriptionBlock } from './cited-embed.js';
import { buttonIds } from '../button-ids.js';
import { DISCORD_LIMITS, type RenderedMessage } from './limits.js';
import { escapeAndTruncate, safeLink } from './markdown.js';

export const COLORS = { answer: 0x2b8a3e, abstained: 0x868e96, actor: 0x1c7ed6, notice: 0xf08c00 } as const;

export interface AnswerRenderOptions {
  /** Key of the answer in the bot's memory, used by the buttons. */
  key: string;
  /** The generation that answered, when the answer itself does not say (shown only in Show quotes). */
  generation: string | null;
  /** The question as the bot understood a follow-up, shown above the answer. */
  takenAs?: string;
  /** An abstention in one line, without the pointer to /sources (forum threads the bot answers on its own). */
  oneLineAbstention?: boolean;
}

/**
 * Confidence in words, never a percentage: the answer's own label ("strong match"…). An answer
 * from an older producer without one gets the same words from its confidence.
 */
function confidenceInWords(answer: Pick<Answer, 'confidence' | 'abstained' | 'confidenceLabel'>): string {
  return answer.confidenceLabel ?? labelOf({ abstained: answer.abstained, confidence: Number.isFinite(answer.confidence) ? answer.confidence : 0 });
}

function footerText(answer: Answer): string {
  const articles = new Set(answer.citations.map((citation) => citation.docId)).size;
  const quoted = `Quoted word for word from ${articles} article${articles === 1 ? '' : 's'}`;
  return `${quoted} · ${confidenceInWords(answer)}`;
}

function answerButtons(key: string, hasQuotes: boolean): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [
      { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: buttonIds.quotes(key), label: 'Show quotes', disabled: !hasQuotes },
      { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: buttonIds.vote('up', key), emoji: { name: '👍' } },
      { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: buttonIds.vote('down', key), emoji: { name: '👎' } },
    ],
  };
}

function takenAsContent(takenAs: string | undefined): string | undefined {
  if (!takenAs) return undefined;
  return `Taken as: “${escapeAndTruncate(takenAs, DISCORD_LIMITS.content - 20)}”`;
}

/** A cited sentence as a line to draw, its short answer (when the answer stage marks one) included. */
export function citedLine(sentence: AnswerSentence): CitedLine {
  const line: CitedLine = { text: sentence.text, citation: sentence.citation, docId: sentence.docId, start: sentence.start, end: sentence.end };
  if (sentence.copies) line.copies = sentence.copies;
  if (sentence.answerSpan) line.answerSpan = sentence.answerSpan;
  if (sentence.link) line.link = sentence.link;
  return line;
}

/** What an abstention says in the channel: one line, and a second pointing to what the articles do cover. */
export const ABSTENTION_LINE = 'The articles here don’t cover that.';
const ABSTENTION_HINT = '-# `/sources` lists what they cover.';

/**
 * The Discord message for an answer: each verbatim sentence as a quote with its `[n]` (the short
 * answer bold), then the numbered sources as "[n] Title — Outlet, date" (the title linked when the
 * article's URL is known); confidence in words in the footer; buttons for the quotes and votes.
 * Document ids, offsets and the index generation appear only in "Show quotes". An abstention is
 * two short lines (see {@link renderAbstention}).
 */
export function renderAnswer(answer: Answer, options: AnswerRenderOptions): RenderedMessage {
  if (answer.abstained && answer.possibleAnswer && answer.sentences[0]) return renderPossibleAnswer(answer, options);
  if (answer.abstained) return renderAbstention(answer, options);
  const content = takenAsContent(options.takenAs);
  const footer = footerText(answer);
  const lines: DescriptionBlock[] = answer.sentences.map((sentence) => ({ kind: 'line', line: citedLine(sentence), style: 'quote' }));
  const alsoRelevant = (answer.alsoRelevant ?? []).filter((sentence) => answer.citations.some((citation) => citation.n === sentence.citation));
  if (alsoRelevant.length > 0) {
    lines.push({ kind: 'heading', markdown: '**Also relevant**' });
    for (const sentence of alsoRelevant) lines.push({ kind: 'line', line: citedLine(sentence), style: 'bullet' });
  }
  const embed = buildCitedEmbed({ title: answer.question, blocks: lines, citations: answer.citations, footer, color: COLORS.answer });
  const message: RenderedMessage = { embeds: [embed], components: [answerButtons(options.key, answer.citations.length > 0)] };
  if (content !== undefined) message.content = content;
  return message;
}

/**
 * An abstention in the channel: "The articles here don't cover that." and where to look, with
 * no embed. The nearest sentences (related reading) are one click away, shown only to whoever
 * clicks; the votes stay, since a 👎 on a refusal is what the tuning reads.
 */
export function renderAbstention(answer: Pick<Answer, 'sentences' | 'citations'>, options: Pick<AnswerRenderOptions, 'key' | 'takenAs' | 'oneLineAbstention'>): RenderedMessage {
  const takenAs = options.takenAs ? `Taken as: “${escapeAndTruncate(options.takenAs, 150)}”\n` : '';
  const buttons: APIButtonComponent[] = [];
  if (answer.sentences.length > 0 && answer.citations.length > 0) {
    buttons.push({ type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: buttonIds.reading(options.key), label: 'Related reading' });
  }
  buttons.push(
    { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: buttonIds.vote('up', options.key), emoji: { name: '👍' } },
    { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: buttonIds.vote('down', options.key), emoji: { name: '👎' } },
  );
  const text = options.oneLineAbstention ? ABSTENTION_LINE : `${takenAs}${ABSTENTION_LINE}\n${ABSTENTION_HINT}`;
  return { content: text, embeds: [], components: [{ type: ComponentType.ActionRow, components: buttons }] };
}

/**
 * A withheld answer whose best sentence passed every evidence check and fell just short of the
 * confidence threshold: that one sentence, offered as a possible answer to check at its source
 * (never as related reading), with the same buttons as a refusal.
 */
export function renderPossibleAnswer(answer: Answer, options: AnswerRenderOptions): RenderedMessage {
  const first = answer.sentences[0]!;
  const citations = answer.citations.filter((citation) => citation.n === first.citation || first.copies?.some((copy) => copy.citation === citation.n));
  const embed = buildCitedEmbed({
    title: answer.question,
    introMarkdown: '**Possible answer**, not a confident match: check it in its source.',
    blocks: [{ kind: 'line', line: citedLine(first), style: 'quote' }],
    citations,
    footer: 'possible answer · not confirmed',
    color: COLORS.notice,
  });
  const refusal = renderAbstention(answer, options);
  const message: RenderedMessage = { embeds: [embed], components: refusal.components };
  const content = takenAsContent(options.takenAs);
  if (content !== undefined) message.content = content;
  return message;
}

/** The "Related reading" reply under an abstention: the nearest sentences, quoted with their sources, marked as not an answer. */
export function renderRelatedReading(reply: Pick<RememberedReply, 'question' | 'sentences' | 'citations'>): RenderedMessage {
  if (reply.sentences.length === 0) return { content: 'Nothing in the articles comes close to that question.', embeds: [], components: [] };
  const embed = buildCitedEmbed({
    title: 'Related reading (not an answer)',
    introMarkdown: `The nearest sentences to “${escapeAndTruncate(reply.question, 300)}”:`,
    blocks: reply.sentences.map((sentence) => ({ kind: 'line', line: citedLine(sentence), style: 'bullet' })),
    citations: reply.citations,
    footer: 'Quoted word for word; none of them answers the question',
    color: COLORS.abstained,
  });
  return { embeds: [embed], components: [] };
}

/** Sentences of `answer` that citation `n` carries (as their source or as a copy), in the order given. */
function sentencesOf(sentences: readonly CitedSentence[], n: number): CitedSentence[] {
  return sentences.filter((sentence) => sentence.citation === n || sentence.copies?.some((copy) => copy.citation === n));
}

/**
 * The "Show quotes" reply: one embed per citation with the cited passage, verbatim (escaped), and
 * the details a reader checking it needs (document id, character offsets, index generation); at
 * most 10 embeds and 6000 characters in total; longer passages are cut at a word boundary.
 */
export function renderQuotes(citations: readonly Citation[], sentences: readonly CitedSentence[], generation: string | null = null): RenderedMessage {
  const shown = citations.slice(0, DISCORD_LIMITS.embeds);
  if (shown.length === 0) {
    return { content: 'This answer has no quotes to show.', embeds: [], components: [] };
  }
  const titles = shown.map((citation) => escapeAndTruncate(`[${citation.n}] ${citation.title || citation.docId}`, DISCORD_LIMITS.embedTitle) || `[${citation.n}]`);
  const footers = shown.map((citation) => {
    const count = sentencesOf(sentences, citation.n).length;
    const details = [citation.source, citation.published?.slice(0, 10)].filter(Boolean).join(', ');
    return (
      (details ? `${details} · ` : '') +
      `${citation.docId} · characters ${citation.start}–${citation.end}` +
      (count > 0 ? ` · ${count} answer sentence${count === 1 ? '' : 's'}` : '') +
      (generation ? ` · index ${generation}` : '')
    ).slice(0, 400);
  });
  const fixed = titles.reduce((sum, title) => sum + title.length, 0) + footers.reduce((sum, footer) => sum + footer.length, 0);
  const perQuote = Math.min(DISCORD_LIMITS.embedDescription, Math.floor((DISCORD_LIMITS.embedsTotal - fixed) / shown.length));
  const embeds: APIEmbed[] = shown.map((citation, index) => {
    const embed: APIEmbed = { title: titles[index]!, color: COLORS.answer, footer: { text: footers[index]! } };
    // The article's own page, else the source viewer at the first sentence quoted from it.
    const quoted = sentencesOf(sentences, citation.n)[0];
    const viewerLink = quoted && (quoted.citation === citation.n ? quoted : quoted.copies?.find((copy) => copy.citation === citation.n))?.viewerLink;
    const url = safeLink(citation.url, 2000) ?? safeLink(viewerLink, 2000);
    if (url) embed.url = url;
    const description = escapeAndTruncate(citation.quote, perQuote);
    if (description.length > 0) embed.description = description;
    return embed;
  });
  const message: RenderedMessage = { embeds, components: [] };
  if (citations.length > shown.length) message.content = `Showing the first ${shown.length} of ${citations.length} quotes.`;
  return message;
}
