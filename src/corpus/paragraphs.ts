import { captionParts, detectBoilerplateLine } from './boilerplate.js';
import type { BoilerplateSpan } from './types.js';

/** A paragraph's span in the document text, before numbering. */
export interface ParagraphSpan {
  start: number;
  end: number;
  /** A Markdown heading (`# …`): never joined with the next line. */
  heading: boolean;
  /**
   * The prose of a photo caption, cut out of its line between the wire slug and the photo credit.
   * Quotable like any paragraph, but never the document's title, and never joined with a neighbour.
   */
  caption: boolean;
}

/** The article paragraphs of a document and the boilerplate lines left out between them. */
export interface ParagraphLayout {
  paragraphs: ParagraphSpan[];
  boilerplate: BoilerplateSpan[];
}

interface Line {
  /** Offsets of the trimmed line. */
  start: number;
  end: number;
  /** Where the text starts once a Markdown marker (`# `, `> `, `- `, `1. `) is skipped. */
  contentStart: number;
  heading: boolean;
  /** Opens a new Markdown block: a heading, list item or quotation. */
  blockStart: boolean;
}

const MD_HEADING = /^#{1,6}[ \t]+/;
const MD_BLOCK_MARKER = /^(?:>[ \t]?|[-*+][ \t]+|\d{1,3}[.)][ \t]+)/;
const MD_FENCE = /^(?:```|~~~)/;
const MD_SETEXT = /^(?:=[ \t]*){3,}$/;
/** A line that ends a sentence: terminal punctuation, possibly inside closing quotes or brackets. */
const ENDS_LIKE_SENTENCE = /[.!?…:;]["'”’»)\]]*$/u;
/** Hard-wrapped prose fills the line; a shorter line without final punctuation is a heading. */
const WRAPPED_LINE_MIN = 50;

function trimmedLines(text: string, from: number): Array<{ start: number; end: number }> {
  const lines: Array<{ start: number; end: number }> = [];
  let lineStart = from;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    let start = lineStart;
    let end = lineEnd;
    while (start < end && /\s/u.test(text[start]!)) start++;
    while (end > start && /\s/u.test(text[end - 1]!)) end--;
    lines.push({ start, end });
    if (lineEnd === text.length) break;
    lineStart = lineEnd + 1;
  }
  return lines;
}

/**
 * Cuts a document body into paragraphs and boilerplate lines, offsets into `text`.
 *
 * - `txt`: every non-empty line is a paragraph, because news text saved from the web puts one
 *   paragraph per line and headlines on lines without a final period (the seeds all do).
 * - `md`: blank lines separate blocks as Markdown does, and a line break inside a block joins
 *   hard-wrapped prose — but only when the line before does not end like a sentence and either is
 *   long (it filled the wrap width) or the next line goes on in lower case. A short line without
 *   final punctuation stays a heading of its own, as in a `.txt`.
 *
 * Boilerplate is decided per line (see `detectBoilerplateLine`) and splits a block around itself.
 * A photo caption line is the exception: its prose becomes a paragraph of its own, marked
 * `caption`, while its slug and credit are recorded as boilerplate (see `captionParts`).
 */
export function layoutParagraphs(text: string, contentStart: number, format: 'txt' | 'md'): ParagraphLayout {
  const paragraphs: ParagraphSpan[] = [];
  const boilerplate: BoilerplateSpan[] = [];
  let inFence = false;
  let previous: Line | null = null;

  for (const { start, end } of trimmedLines(text, contentStart)) {
    const raw = text.slice(start, end);
    if (format === 'md' && MD_FENCE.test(raw)) {
      // Code blocks hold no article sentences; the fence lines go with them.
      inFence = !inFence;
      boilerplate.push({ kind: 'markup', start, end });
      previous = null;
      continue;
    }
    if (inFence) {
      if (end > start) boilerplate.push({ kind: 'markup', start, end });
      continue;
    }
    if (end === start) {
      previous = null;
      continue;
    }
    const kind = detectBoilerplateLine(raw) ?? (format === 'md' && MD_SETEXT.test(raw) ? 'markup' : null);
    const caption = kind === 'photo-caption' ? captionParts(raw) : null;
    if (caption) {
      // The caption's prose is article text; its slug and credit stay furniture. Offsets are the
      // line's own plus the parts' positions in it, so nothing moves.
      if (caption.slug) boilerplate.push({ kind: 'photo-caption', start: start + caption.slug.start, end: start + caption.slug.end });
      paragraphs.push({ start: start + caption.body.start, end: start + caption.body.end, heading: false, caption: true });
      if (caption.credit) boilerplate.push({ kind: 'photo-credit', start: start + caption.credit.start, end: start + caption.credit.end });
      previous = null;
      continue;
    }
    if (kind) {
      boilerplate.push({ kind, start, end });
      previous = null;
      continue;
    }

    const line: Line = { start, end, contentStart: start, heading: false, blockStart: false };
    if (format === 'md') {
      const marker = MD_HEADING.exec(raw) ?? MD_BLOCK_MARKER.exec(raw);
      if (marker) {
        line.contentStart = start + marker[0].length;
        line.heading = MD_HEADING.test(raw);
        line.blockStart = true;
      }
      if (line.contentStart >= end) {
        // A bare marker ("#", "-") carries no text.
        boilerplate.push({ kind: 'markup', start, end });
        previous = null;
        continue;
      }
    }

    const last = paragraphs[paragraphs.length - 1];
    if (format === 'md' && previous && last && joinsPrevious(text, previous, line)) {
      last.end = end;
    } else {
      paragraphs.push({ start: line.contentStart, end, heading: line.heading, caption: false });
    }
    previous = line;
  }
  return { paragraphs, boilerplate };
}

function joinsPrevious(text: string, previous: Line, line: Line): boolean {
  if (previous.heading || line.blockStart) return false;
  const previousText = text.slice(previous.contentStart, previous.end);
  if (ENDS_LIKE_SENTENCE.test(previousText)) return false;
  const first = text[line.contentStart];
  const continuesLowerCase = first !== undefined && /\p{Ll}/u.test(first);
  return continuesLowerCase || previous.end - previous.start >= WRAPPED_LINE_MIN;
}
