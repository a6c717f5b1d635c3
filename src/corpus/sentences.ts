/*
 * A hand-written sentence splitter. The installed NLP libraries (wink-nlp, sbd) split well but
 * report tokens or strings, not character offsets into the original text, and every offset here
 * must satisfy `text.slice(start, end) === sentence` exactly. Scanning the text once and only ever
 * recording positions makes that invariant hold by construction; the rules below only decide
 * *where* to cut.
 */

/** A span of text: `text.slice(start, end)` is one sentence, with no surrounding white space. */
export interface SentenceSpan {
  start: number;
  end: number;
}

/** Abbreviations that precede a name or a place and so never end a sentence ("Mr. Maduro"). */
const TITLE_ABBREVIATIONS = new Set([
  'Mr', 'Mrs', 'Ms', 'Mmes', 'Messrs', 'Dr', 'Drs', 'Prof', 'Gen', 'Gens', 'Sen', 'Sens', 'Rep', 'Reps',
  'Gov', 'Govs', 'Lt', 'Col', 'Capt', 'Cpt', 'Sgt', 'Cpl', 'Pvt', 'Adm', 'Maj', 'Cmdr', 'Cmdt', 'Brig',
  'Rev', 'Hon', 'Pres', 'Supt', 'Det', 'Insp', 'Amb', 'Atty', 'Fr', 'Sra', 'Srta', 'St', 'Ste',
  'Mt', 'Ft', 'Pt',
]);

/**
 * Abbreviations that are part of an organisation's name: before it ("Cia. Vale", "Cie. de Saint-Gobain")
 * or after it ("Acme Corp.", "Warner Bros. Discovery", "Samsung Electronics Co. Ltd."). Followed by a
 * capitalised word they are read like initials: the name goes on unless that word typically opens
 * a sentence ("… bought by Apple Inc. The deal …"), so a quote never starts mid-name.
 */
const NAME_ABBREVIATIONS = new Set([
  'Cia', 'Cie', 'Co', 'Cos', 'Corp', 'Corps', 'Inc', 'Incs', 'Ltd', 'Ltda', 'Bros', 'Mfg', 'Assn', 'Assoc', 'Dept',
  'Univ', 'Intl', 'Natl', 'Hldgs', 'Grp', 'Pty', 'Plc', 'Gmbh', 'Mgmt', 'Svcs', 'Jr', 'Sr',
]);

/** Abbreviations that never end a sentence in news prose, whatever follows. */
const CONTINUING_ABBREVIATIONS = new Set(['vs', 'v', 'e.g', 'i.e', 'cf', 'viz', 'approx', 'ca', 'Nr']);

/** Abbreviations followed by a number: "No. 1", "Jan. 5", "Fig. 3". Before anything else they may end a sentence. */
const NUMBER_ABBREVIATIONS = new Set([
  'No', 'Nos', 'Art', 'Fig', 'Vol', 'Vols', 'Ch', 'Sec', 'Para', 'pp', 'p', 'Ref', 'Op',
  'Jan', 'Feb', 'Mar', 'Apr', 'Jun', 'Jul', 'Aug', 'Sep', 'Sept', 'Oct', 'Nov', 'Dec',
]);

/**
 * Words that typically open a sentence. After an initialism ("U.S.") or an initial ("W."), the
 * next capitalised word is usually a name ("U.S. Justice Department", "George W. Bush"); only one
 * of these words makes the period a sentence end ("… to the U.S. The next day …").
 */
const SENTENCE_STARTERS = new Set([
  'The', 'A', 'An', 'He', 'She', 'It', 'They', 'We', 'I', 'You', 'But', 'And', 'Or', 'So', 'Yet', 'This',
  'That', 'These', 'Those', 'There', 'Here', 'In', 'On', 'At', 'As', 'If', 'When', 'While', 'After',
  'Before', 'Since', 'For', 'With', 'Without', 'Its', 'His', 'Her', 'Their', 'Our', 'My', 'Your', 'Some',
  'Many', 'Most', 'Several', 'Now', 'Then', 'However', 'Meanwhile', 'Still', 'Also', 'Both', 'Each',
  'Every', 'All', 'What', 'Who', 'Why', 'How', 'Where', 'Which', 'Such', 'Other', 'Others', 'Even',
  'Although', 'Though', 'Because', 'Despite', 'According', 'Last', 'Earlier', 'Later', 'Officials',
]);

const TERMINALS = '.!?…';
/** Characters that may close a sentence after its terminal punctuation: `."`, `.”`, `.)`, `?’`. */
const CLOSERS = '"\'”’»)]}';
/** Characters that may open a sentence before its first letter. */
const OPENERS = '"\'“‘«([{¿¡';
const DASHES = '—–-';

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && /\s/u.test(ch);
}
function isUpper(ch: string | undefined): boolean {
  return ch !== undefined && /\p{Lu}/u.test(ch);
}
function isLower(ch: string | undefined): boolean {
  return ch !== undefined && /\p{Ll}/u.test(ch);
}
function isLetter(ch: string | undefined): boolean {
  return ch !== undefined && /\p{L}/u.test(ch);
}
function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && /\p{Nd}/u.test(ch);
}

/**
 * How far the rules look around a period for the word or token it belongs to. Abbreviations are
 * short; the cap keeps a pathological file (megabytes without a space) linear instead of quadratic.
 */
const LOOK_AROUND = 64;

/** The word just before position `dot`, without opening quotes or brackets: "Mr", "U.S", "$2.5". */
function wordBefore(text: string, dot: number, floor: number): string {
  let i = dot;
  const limit = Math.max(floor, dot - LOOK_AROUND);
  while (i > limit && !isSpace(text[i - 1])) i--;
  let word = text.slice(i, dot);
  while (word.length > 0 && (OPENERS.includes(word[0]!) || DASHES.includes(word[0]!))) word = word.slice(1);
  return word;
}

/** The word starting at `at` (after opening quotes), without trailing punctuation. */
function wordAt(text: string, at: number, ceiling: number): string {
  let i = at;
  while (i < ceiling && OPENERS.includes(text[i]!)) i++;
  let j = i;
  const limit = Math.min(ceiling, i + LOOK_AROUND);
  while (j < limit && !isSpace(text[j])) j++;
  return text.slice(i, j).replace(/[.,;:!?"'”’)\]]+$/u, '');
}

/** "U.S", "U.N", "a.m", "D.C": letters separated by dots (the final dot is not part of it). */
function isInitialism(word: string): boolean {
  return /^(?:\p{L}\.)+\p{L}$/u.test(word);
}

/**
 * Whether the text at `next` (first non-space after a terminal) can open a new sentence: a capital
 * letter, a digit, or an opening quote/bracket before one. Lower case, a dash, a comma mean the
 * sentence goes on: "“Why?” he asked", "the U.S. — and its allies".
 */
function opensSentence(text: string, next: number, ceiling: number): boolean {
  let i = next;
  while (i < ceiling && OPENERS.includes(text[i]!)) i++;
  const ch = text[i];
  if (i >= ceiling) return i > next; // a lone opening quote at the very end: treat as a start
  return isUpper(ch) || isDigit(ch) || (isLetter(ch) && !isLower(ch)) || ch === '$' || ch === '€' || ch === '£' || ch === '@' || ch === '#';
}

/**
 * Decides whether a single period at `dot`, followed by white space and then `next`, ends a
 * sentence. Abbreviations and initials are the cases where it does not.
 */
function periodEndsSentence(text: string, dot: number, next: number, floor: number, ceiling: number): boolean {
  if (!opensSentence(text, next, ceiling)) return false;
  const word = wordBefore(text, dot, floor);
  const nextWord = wordAt(text, next, ceiling);
  if (TITLE_ABBREVIATIONS.has(word)) return false;
  if (CONTINUING_ABBREVIATIONS.has(word) || CONTINUING_ABBREVIATIONS.has(word.toLowerCase())) return false;
  if (NUMBER_ABBREVIATIONS.has(word) && isDigit(text[next])) return false;
  if (isInitialism(word) || /^\p{Lu}$/u.test(word) || NAME_ABBREVIATIONS.has(word)) {
    // "U.S. Justice Department", "J. R. Smith" go on; "… the U.S. The …" and "… to the U.S. U.S. officials …" end.
    return SENTENCE_STARTERS.has(nextWord) || isInitialism(nextWord.replace(/\.$/, '')) || isDigit(text[next]);
  }
  return true;
}

/**
 * A period with no space after it, between a word and a capital that starts a word:
 * "covert operations by the CIA.A senior official". Wire copy loses spaces like this; without the
 * cut two sentences would be quoted as one. URLs, file names and initialisms are left alone.
 */
function isMissingSpaceBoundary(text: string, dot: number, floor: number, ceiling: number): boolean {
  if (text[dot] !== '.') return false;
  const after = text[dot + 1];
  const afterNext = text[dot + 2];
  if (!isUpper(after)) return false;
  if (!(dot + 2 >= ceiling || isSpace(afterNext) || isLower(afterNext))) return false;
  const word = wordBefore(text, dot, floor);
  if (!/^\p{L}{2,}$/u.test(word)) return false;
  if (TITLE_ABBREVIATIONS.has(word) || NUMBER_ABBREVIATIONS.has(word)) return false;
  // The whole white-space-delimited token must look like two words, not a URL or a dotted name.
  let tokenEnd = dot + 1;
  const endLimit = Math.min(ceiling, dot + 1 + LOOK_AROUND);
  while (tokenEnd < endLimit && !isSpace(text[tokenEnd])) tokenEnd++;
  if (tokenEnd === endLimit && endLimit < ceiling) return false; // a huge token is no pair of words
  const rest = text.slice(dot + 1, tokenEnd);
  if (/[./@:]/.test(rest.replace(/[.!?…"'”’)\]]+$/u, ''))) return false;
  let tokenStart = dot;
  const startLimit = Math.max(floor, dot - LOOK_AROUND);
  while (tokenStart > startLimit && !isSpace(text[tokenStart - 1])) tokenStart--;
  if (tokenStart === startLimit && startLimit > floor) return false;
  if (/[/@:]|www\./i.test(text.slice(tokenStart, dot))) return false;
  return true;
}

/**
 * The longest sentence, in characters. A scraped page without full stops would otherwise be one
 * sentence of megabytes: quoted whole, it would break every reply and the build's memory. A longer
 * run is cut into pieces of at most this length at word boundaries (mid-word only inside a single
 * word this long), so every character stays quotable in bounded pieces. Real news sentences stay
 * far below it (the seeds' longest is under 450).
 */
export const MAX_SENTENCE_CHARS = 1000;

/** Whether a cut at `at` would fall between the two halves of a surrogate pair. */
function splitsSurrogatePair(text: string, at: number): boolean {
  const before = text.charCodeAt(at - 1);
  return before >= 0xd800 && before <= 0xdbff;
}

/**
 * Cuts the span `start..end` (trimmed) into pieces of at most `max` characters, each ending at the
 * last white space that leaves it at least half full, and starting at the next word.
 */
function boundedPieces(text: string, start: number, end: number, max: number): SentenceSpan[] {
  const pieces: SentenceSpan[] = [];
  let pieceStart = start;
  while (end - pieceStart > max) {
    let cut = pieceStart + max;
    let space = cut;
    while (space > pieceStart + max / 2 && !isSpace(text[space])) space--;
    if (isSpace(text[space])) cut = space;
    else if (splitsSurrogatePair(text, cut)) cut--;
    let pieceEnd = cut;
    while (pieceEnd > pieceStart && isSpace(text[pieceEnd - 1])) pieceEnd--;
    pieces.push({ start: pieceStart, end: pieceEnd });
    pieceStart = cut;
    while (pieceStart < end && isSpace(text[pieceStart])) pieceStart++;
  }
  if (end > pieceStart) pieces.push({ start: pieceStart, end });
  return pieces;
}

/**
 * Splits `text.slice(from, to)` into sentences and returns their offsets in `text`. White space
 * (including newlines) inside the range is treated as a space: callers cut paragraphs first, so a
 * line break ends a sentence because it ends the range.
 *
 * Handles abbreviations (Mr., Gen., U.S., e.g., Jan. 5, No. 1), initials (J. R. Smith), decimals
 * and money ($2.5 billion, 3.5%), ellipses, and closing quotes after the period (“…,” he said. /
 * ."). A sentence left without final punctuation (a headline) runs to the end of the range. A
 * sentence over {@link MAX_SENTENCE_CHARS} is returned as consecutive pieces no longer than that.
 */
export function splitSentenceSpans(text: string, from = 0, to = text.length): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  const skipSpace = (i: number): number => {
    while (i < to && isSpace(text[i])) i++;
    return i;
  };
  const push = (start: number, end: number): void => {
    while (end > start && isSpace(text[end - 1])) end--;
    if (end - start > MAX_SENTENCE_CHARS) spans.push(...boundedPieces(text, start, end, MAX_SENTENCE_CHARS));
    else if (end > start) spans.push({ start, end });
  };

  let sentenceStart = skipSpace(from);
  let i = sentenceStart;
  while (i < to) {
    const ch = text[i]!;
    if (!TERMINALS.includes(ch)) {
      i++;
      continue;
    }
    // A run of terminal punctuation ("?!", "...", "…"), then closing quotes and brackets.
    let end = i;
    while (end < to && TERMINALS.includes(text[end]!)) end++;
    const run = text.slice(i, end);
    while (end < to && CLOSERS.includes(text[end]!)) end++;

    if (end < to && !isSpace(text[end])) {
      if (run === '.' && end === i + 1 && isMissingSpaceBoundary(text, i, sentenceStart, to)) {
        push(sentenceStart, end);
        sentenceStart = end;
      }
      // Otherwise a decimal (3.5), an initialism (U.S.), a URL: the sentence goes on.
      i = end;
      continue;
    }
    const next = skipSpace(end);
    if (next >= to) break; // the range's last sentence is pushed below
    const ends = run === '.' ? periodEndsSentence(text, i, next, sentenceStart, to) : opensSentence(text, next, to);
    if (ends) {
      push(sentenceStart, end);
      sentenceStart = next;
    }
    i = next;
  }
  push(sentenceStart, to);
  return spans;
}

/** A sentence found in a string, with its offsets. */
export interface SplitSentence extends SentenceSpan {
  text: string;
}

/** Convenience over {@link splitSentenceSpans}: the sentences of a whole string, with their text. */
export function splitSentences(text: string): SplitSentence[] {
  return splitSentenceSpans(text).map((span) => ({ ...span, text: text.slice(span.start, span.end) }));
}
