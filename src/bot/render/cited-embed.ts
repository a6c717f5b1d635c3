import type { APIEmbed } from 'discord.js';
import type { Citation } from '../../evidence/index.js';
import { DISCORD_LIMITS, embedCharacters } from './limits.js';
import { escapeAndTruncate, escapeMarkdown, safeLink } from './markdown.js';

/** A verbatim sentence to show with its citation marker. `docId` names the source if the citation is missing. */
export interface CitedLine {
  text: string;
  citation: number;
  docId: string;
  start?: number;
  end?: number;
  /** Other sources that carry the same sentence: their markers follow the first. */
  copies?: readonly { citation: number; docId: string; link?: string }[];
  /** Where the `[n]` marker leads: the quote on its original page, or in the source viewer. */
  link?: string;
  /** The short answer inside the sentence, shown bold (document offsets, or offsets in `text`). */
  answerSpan?: { start: number; end: number; text?: string };
}

/** How a cited line is drawn: a block quote (an answer's words) or a bullet (related reading, dossier lines). */
export type LineStyle = 'quote' | 'bullet';

/** A part of an embed description: a bold heading, or a cited line with an optional rendered prefix. */
export type DescriptionBlock =
  | { kind: 'heading'; markdown: string }
  | { kind: 'line'; line: CitedLine; style?: LineStyle; prefixMarkdown?: string };

export interface CitedEmbedInput {
  /** Raw title text; escaped and shortened here. */
  title: string;
  /** Already rendered markdown that opens the description (escape any user text in it); at most ~1500 characters. */
  introMarkdown?: string;
  blocks: DescriptionBlock[];
  citations: readonly Citation[];
  /** Plain text (Discord does not render markdown in footers). */
  footer: string;
  color: number;
  /** Stop adding lines past this many characters in all (a compact first page); at most 6000. */
  maxCharacters?: number;
}

/** The longest quote link a marker carries: a longer one would crowd the sentences out of the embed. */
export const MAX_QUOTE_LINK = 600;

/**
 * The marker that follows a sentence; it pairs with the source line `[n] …`. With a link (an
 * http(s) address), the marker opens the quote in its context: `[n]` linked, the brackets escaped.
 */
export function citationMarker(n: number, link?: string | null): string {
  const url = safeLink(link, MAX_QUOTE_LINK);
  return url ? `**[\\[${n}\\]](${url})**` : `**[${n}]**`;
}

/** "Outlet, 2025-12-01" from what the source says about itself. */
function outletAndDate(citation: Citation | undefined): string {
  const parts = [citation?.source?.trim(), citation?.published?.slice(0, 10)].filter((part): part is string => Boolean(part));
  return parts.join(', ');
}

/** The source line of one citation: `[n] Title — Outlet, date`, the title linked when a URL is known. */
export function sourceLine(n: number, citation: Citation | undefined): string {
  const title = citation?.title?.trim() || 'Untitled article';
  const url = safeLink(citation?.url, 500);
  const shownTitle = escapeAndTruncate(title, 100);
  const linked = url ? `[${shownTitle}](${url})` : shownTitle;
  const details = outletAndDate(citation);
  return `${citationMarker(n)} ${linked}${details ? ` — ${escapeAndTruncate(details, 120)}` : ''}`;
}

/** The sentence text, escaped, with its short answer in bold when the span lies inside it. */
function sentenceMarkdown(line: CitedLine): string {
  const span = line.answerSpan;
  if (span) {
    const relative = line.start !== undefined && span.start >= line.start && span.end <= (line.end ?? line.start + line.text.length) ? { start: span.start - line.start, end: span.end - line.start } : span;
    const inside = line.text.slice(relative.start, relative.end);
    if (relative.start >= 0 && relative.end <= line.text.length && relative.end > relative.start && (span.text === undefined || span.text === inside)) {
      return `${escapeMarkdown(line.text.slice(0, relative.start))}**${escapeMarkdown(inside)}**${escapeMarkdown(line.text.slice(relative.end))}`;
    }
  }
  return escapeMarkdown(line.text);
}

const SOURCES_HEADING = '\n\n**Sources**';

/**
 * Builds one embed of cited sentences within every Discord limit: the lines, then the numbered
 * sources they cite. Lines are added in order while they fit; the first line is shortened at a
 * word boundary if it alone is too long, later lines that do not fit are left out (and counted).
 * A `[n]` marker is only ever shown together with the source line `n`.
 */
export function buildCitedEmbed(input: CitedEmbedInput): APIEmbed {
  const citationsByNumber = new Map(input.citations.map((citation) => [citation.n, citation]));
  const budget = Math.min(DISCORD_LIMITS.embedsTotal, input.maxCharacters ?? DISCORD_LIMITS.embedsTotal);
  const title = escapeAndTruncate(input.title, DISCORD_LIMITS.embedTitle) || 'Verbatim';
  const footer = input.footer.slice(0, 200);
  const fixedTotal = title.length + footer.length;

  let description = input.introMarkdown ?? '';
  const sources = new Map<number, string>();
  let pendingHeading: string | null = null;
  let omittedLines = 0;
  let shownLines = 0;
  const sourcesLength = (lines: Iterable<string>) => {
    let total = 0;
    for (const line of lines) total += line.length + 1;
    return total === 0 ? 0 : SOURCES_HEADING.length + total;
  };

  for (const block of input.blocks) {
    if (block.kind === 'heading') {
      pendingHeading = block.markdown;
      continue;
    }
    const { line } = block;
    const numbered = [{ n: line.citation, link: line.link }, ...(line.copies ?? []).map((copy) => ({ n: copy.citation, link: copy.link }))].filter(
      (marker, index, all) => all.findIndex((other) => other.n === marker.n) === index,
    );
    const markers = numbered.map((marker) => marker.n);
    const withNew = new Map(sources);
    for (const n of markers) if (!withNew.has(n)) withNew.set(n, sourceLine(n, citationsByNumber.get(n)));
    const headingText = pendingHeading !== null ? `${description.length > 0 ? '\n' : ''}${pendingHeading}` : '';
    const prefix = block.prefixMarkdown ?? (block.style === 'bullet' ? '• ' : '> ');
    const lead = `${headingText}${headingText || description ? '\n' : ''}${prefix}`;
    const after = sourcesLength([...withNew.values()].sort());
    const roomFor = (marker: string) => Math.min(DISCORD_LIMITS.embedDescription, budget - fixedTotal) - description.length - after - lead.length - marker.length;
    const rendered = sentenceMarkdown(line);
    // Markers linked to the quotes when the line still fits with them, plain otherwise: a quote
    // shown matters more than its link.
    const linked = ` ${numbered.map((marker) => citationMarker(marker.n, marker.link)).join('')}`;
    const plain = ` ${markers.map((n) => citationMarker(n)).join('')}`;
    const marker = rendered.length <= roomFor(linked) ? linked : plain;
    const room = roomFor(marker);
    let shown: string | null = null;
    if (rendered.length <= room) shown = rendered;
    else if (shownLines === 0) {
      const cut = escapeAndTruncate(line.text, room);
      if (cut.length > 0) shown = cut;
    }
    if (shown === null) {
      omittedLines++;
      continue;
    }
    description += `${lead}${shown}${marker}`;
    pendingHeading = null;
    shownLines++;
    for (const [n, source] of withNew) sources.set(n, source);
  }

  const sourceBlock = sources.size === 0 ? '' : `${SOURCES_HEADING}\n${[...sources.keys()].sort((a, b) => a - b).map((n) => sources.get(n)!).join('\n')}`;
  // A compact page has its own way to the rest (a More button): no note there.
  if (omittedLines > 0 && input.maxCharacters === undefined) {
    const note = `\n-# ${omittedLines} more ${omittedLines === 1 ? 'sentence' : 'sentences'} not shown.`;
    const total = fixedTotal + description.length + note.length + sourceBlock.length;
    if (description.length + note.length + sourceBlock.length <= DISCORD_LIMITS.embedDescription && total <= DISCORD_LIMITS.embedsTotal) description += note;
  }
  description = `${description}${sourceBlock}`.replace(/^\n+/, '');

  const embed: APIEmbed = { title, color: input.color, footer: { text: footer } };
  if (description.length > 0) embed.description = description;
  // Defensive: the budget above keeps this true; if a future edit breaks it, fail loudly in tests.
  if (embedCharacters(embed) > DISCORD_LIMITS.embedsTotal || (embed.description ?? '').length > DISCORD_LIMITS.embedDescription) {
    throw new Error('buildCitedEmbed exceeded a Discord embed limit');
  }
  return embed;
}
