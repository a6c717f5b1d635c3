import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type APIEmbed } from 'discord.js';
import type { Answer } from '../../answer/index.js';
import type { Citation, CitedSentence } from '../../evidence/index.js';
import { buildCitedEmbed, type DescriptionBlock } from './cited-embed.js';
import { DISCORD_LIMITS, type RenderedMessage } from './limits.js';
import { escapeAndTruncate } from './markdown.js';

export const COLORS = { answer: 0x2b8a3e, abstained: 0x868e96, actor: 0x1c7ed6, notice: 0xf08c00 } as const;

/** Custom ids of the answer buttons; `key` names the answer in the bot's short-term memory. */
export const buttonIds = {
  quotes: (key: string) => `verbatim:quotes:${key}`,
  vote: (vote: 'up' | 'down', key: string) => `verbatim:vote:${vote}:${key}`,
  page: (listing: 'sources' | 'actors', page: number) => `verbatim:${listing}:${page}`,
};

export interface AnswerRenderOptions {
  /** Key of the answer in the bot's memory, used by the buttons. */
  key: string;
  /** The generation that answered, when the answer itself does not say. */
  generation: string | null;
  /** The question as the bot understood a follow-up, shown above the answer. */
  takenAs?: string;
}

function footerText(generation: string | null | undefined, confidence: number): string {
  const percent = Number.isFinite(confidence) ? Math.round(Math.min(1, Math.max(0, confidence)) * 100) : 0;
  return `Index ${generation ?? 'unknown'} · confidence ${percent}%`;
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

/**
 * The Discord message for an answer: the verbatim sentences with `[n]` markers, one source field
 * per shown citation, the index generation and confidence in the footer, and the buttons. An
 * abstention says the articles do not answer and lists the nearest sentences as related reading.
 */
export function renderAnswer(answer: Answer, options: AnswerRenderOptions): RenderedMessage {
  const content = takenAsContent(options.takenAs);
  const footer = footerText(answer.generation ?? options.generation, answer.confidence);
  const lines: DescriptionBlock[] = answer.sentences.map((sentence) => ({
    kind: 'line',
    line: sentence,
    ...(answer.abstained ? { prefixMarkdown: '• ' } : {}),
  }));
  const embed = answer.abstained
    ? buildCitedEmbed({
        title: 'The articles do not answer this',
        introMarkdown:
          `No indexed article answers: “${escapeAndTruncate(answer.question, 600)}”` +
          (lines.length === 0 ? '\nNothing related was found either.' : ''),
        blocks: lines.length > 0 ? [{ kind: 'heading', markdown: '**Related reading (not an answer):**' }, ...lines] : [],
        citations: answer.citations,
        footer,
        color: COLORS.abstained,
      })
    : buildCitedEmbed({
        title: answer.question,
        blocks: lines,
        citations: answer.citations,
        footer,
        color: COLORS.answer,
      });
  const message: RenderedMessage = {
    embeds: [embed],
    components: [answerButtons(options.key, answer.citations.length > 0)],
  };
  if (content !== undefined) message.content = content;
  return message;
}

/** Sentences of `answer` that citation `n` carries (as their source or as a copy), in the order given. */
function sentencesOf(sentences: readonly CitedSentence[], n: number): CitedSentence[] {
  return sentences.filter((sentence) => sentence.citation === n || sentence.copies?.some((copy) => copy.citation === n));
}

/**
 * The "Show quotes" reply: one embed per citation with the cited passage, verbatim (escaped),
 * at most 10 embeds and 6000 characters in total; longer passages are cut at a word boundary.
 */
export function renderQuotes(citations: readonly Citation[], sentences: readonly CitedSentence[]): RenderedMessage {
  const shown = citations.slice(0, DISCORD_LIMITS.embeds);
  if (shown.length === 0) {
    return { content: 'This answer has no quotes to show.', embeds: [], components: [] };
  }
  const titles = shown.map((citation) =>
    escapeAndTruncate(`[${citation.n}] ${citation.title || citation.docId}`, DISCORD_LIMITS.embedTitle) || `[${citation.n}]`,
  );
  const footers = shown.map((citation) => {
    const count = sentencesOf(sentences, citation.n).length;
    return `${citation.docId} · characters ${citation.start}–${citation.end}` + (count > 0 ? ` · ${count} answer sentence${count === 1 ? '' : 's'}` : '');
  });
  const fixed = titles.reduce((sum, title) => sum + title.length, 0) + footers.reduce((sum, footer) => sum + footer.length, 0);
  const perQuote = Math.min(DISCORD_LIMITS.embedDescription, Math.floor((DISCORD_LIMITS.embedsTotal - fixed) / shown.length));
  const embeds: APIEmbed[] = shown.map((citation, index) => {
    const embed: APIEmbed = { title: titles[index]!, color: COLORS.answer, footer: { text: footers[index]! } };
    const description = escapeAndTruncate(citation.quote, perQuote);
    if (description.length > 0) embed.description = description;
    return embed;
  });
  const message: RenderedMessage = { embeds, components: [] };
  if (citations.length > shown.length) message.content = `Showing the first ${shown.length} of ${citations.length} quotes.`;
  return message;
}
