import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { Citation } from '../../evidence/index.js';
import { DISCORD_LIMITS, embedCharacters } from './limits.js';
import { escapeAndTruncate, escapeDocId, escapeMarkdown, safeLink } from './markdown.js';

/** A verbatim sentence to show with its citation marker. `docId` names the source if the citation is missing. */
export interface CitedLine {
  text: string;
  citation: number;
  docId: string;
  /** Other sources that carry the same sentence: their markers follow the first. */
  copies?: readonly { citation: number; docId: string }[];
}

/** A part of an embed description: a bold heading, or a cited line with an optional rendered prefix. */
export type DescriptionBlock =
  | { kind: 'heading'; markdown: string }
  | { kind: 'line'; line: CitedLine; prefixMarkdown?: string };

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
  /** Rendered fields placed after the sources (e.g. related actors). */
  extraFields?: APIEmbedField[];
}

/** The marker that follows a sentence; it pairs with the source field named `[n] …`. */
export function citationMarker(n: number): string {
  return `**[${n}]**`;
}

/** The source field of one citation: `[n] title` and outlet · date · link. */
export function citationField(n: number, citation: Citation | undefined, docId: string): APIEmbedField {
  const title = citation?.title?.trim() ? citation.title : docId;
  const name = `[${n}] ${escapeAndTruncate(title, DISCORD_LIMITS.fieldName - `[${n}] `.length)}`;
  const parts: string[] = [];
  if (citation?.source) parts.push(escapeAndTruncate(citation.source, 200));
  if (citation?.published) parts.push(escapeAndTruncate(citation.published.slice(0, 10), 40));
  const url = safeLink(citation?.url, 700);
  if (url) parts.push(`[open article](${url})`);
  parts.push(`\`${escapeDocId(docId, 120)}\``);
  return { name, value: parts.join(' · ') };
}

/**
 * Builds one embed of cited sentences within every Discord limit. Lines are added in order while
 * they fit; the first line is shortened at a word boundary if it alone is too long, later lines
 * that do not fit are left out (and counted). A `[n]` marker is only ever shown together with the
 * field of source `n`, so no shown citation loses its source.
 */
export function buildCitedEmbed(input: CitedEmbedInput): APIEmbed {
  const citationsByNumber = new Map(input.citations.map((citation) => [citation.n, citation]));
  const title = escapeAndTruncate(input.title, DISCORD_LIMITS.embedTitle) || 'Verbatim';
  const footer = input.footer.slice(0, 200);
  const extraFields = (input.extraFields ?? []).slice(0, 5);
  const fixedTotal =
    title.length +
    footer.length +
    extraFields.reduce((sum, field) => sum + field.name.length + field.value.length, 0);

  let description = input.introMarkdown ?? '';
  const sourceFields = new Map<number, APIEmbedField>();
  let sourceCharacters = 0;
  let pendingHeading: string | null = null;
  let omittedLines = 0;
  let shownLines = 0;

  const separator = () => (description.length > 0 ? '\n' : '');
  const maxFields = DISCORD_LIMITS.fields - extraFields.length;

  for (const block of input.blocks) {
    if (block.kind === 'heading') {
      pendingHeading = block.markdown;
      continue;
    }
    const { line } = block;
    const n = line.citation;
    const newField = sourceFields.has(n) ? null : citationField(n, citationsByNumber.get(n), line.docId);
    if (newField && sourceFields.size + 1 > maxFields) {
      omittedLines++;
      continue;
    }
    // The copies' sources are cited too while fields remain; a copy never displaces a sentence.
    const newFields = new Map<number, APIEmbedField>(newField ? [[n, newField]] : []);
    const markers = [n];
    for (const copy of line.copies ?? []) {
      if (markers.includes(copy.citation)) continue;
      if (!sourceFields.has(copy.citation)) {
        if (sourceFields.size + newFields.size + 1 > maxFields) continue;
        newFields.set(copy.citation, citationField(copy.citation, citationsByNumber.get(copy.citation), copy.docId));
      }
      markers.push(copy.citation);
    }
    const fieldCost = [...newFields.values()].reduce((sum, field) => sum + field.name.length + field.value.length, 0);
    const headingText: string = pendingHeading !== null ? `${separator()}${pendingHeading}` : '';
    const lead = `${headingText}${headingText || description ? '\n' : ''}${block.prefixMarkdown ?? ''}`;
    const marker = ` ${markers.map(citationMarker).join('')}`;
    const descriptionRoom = DISCORD_LIMITS.embedDescription - description.length;
    const totalRoom = DISCORD_LIMITS.embedsTotal - fixedTotal - sourceCharacters - description.length - fieldCost;
    const room = Math.min(descriptionRoom, totalRoom) - lead.length - marker.length;
    const escaped = escapeMarkdown(line.text);
    let shown: string | null = null;
    if (escaped.length <= room) shown = escaped;
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
    for (const [number, field] of newFields) sourceFields.set(number, field);
    sourceCharacters += fieldCost;
  }

  if (omittedLines > 0) {
    const note = `\n*${omittedLines} more ${omittedLines === 1 ? 'sentence' : 'sentences'} not shown (Discord's length limits).*`;
    const total = fixedTotal + sourceCharacters + description.length + note.length;
    if (description.length + note.length <= DISCORD_LIMITS.embedDescription && total <= DISCORD_LIMITS.embedsTotal) {
      description += note;
    }
  }

  const shownCitations = [...sourceFields.keys()].sort((a, b) => a - b);
  const embed: APIEmbed = {
    title,
    color: input.color,
    fields: [...shownCitations.map((n) => sourceFields.get(n)!), ...extraFields],
    footer: { text: footer },
  };
  if (description.length > 0) embed.description = description;
  // Defensive: the budget above keeps this true; if a future edit breaks it, fail loudly in tests.
  if (embedCharacters(embed) > DISCORD_LIMITS.embedsTotal) {
    throw new Error('buildCitedEmbed exceeded the 6000-character embed budget');
  }
  return embed;
}
