import { isStopWord } from '../text/index.js';
import { GROUP_NOUNS, HONORIFICS, ORGANIZATION_CUES, ORGANIZATION_NOUNS, CAPITALS, TITLE_MODIFIERS } from './gazetteer.js';
import { countryAt, DIRECTIONS, isTitleHead, knownOrganizationOf } from './known-names.js';
import { isSubjectAt, sentenceHasAction } from './mention-facts.js';
import { isHeadline, isNeverAnActor, isOutletOrCredit, isRegionKey, notActorName } from './not-actors.js';
import {
  appositiveAfter,
  appositiveBefore,
  capitalisedTitleEnd,
  extendRoleBackwards,
  isTitleOnly,
  lowerCaseTitleBefore,
} from './role-phrases.js';
import { findRuns, type Run } from './runs.js';
import { nameKey } from './text.js';
import { bracketedAcronymAt, isAllCaps, isCapitalised, isWord, startsClause, tokenize, type Token } from './tokens.js';
import type {
  CandidateMention,
  DocumentSpan,
  ExtractionContext,
  KindHint,
  SentenceCandidates,
  SentenceInput,
} from './types.js';

/**
 * Finding candidate actor mentions in one sentence, as named passes over each run of name words:
 * clause-initial capitals, honorifics, leading states, titles, rejections, a kind from the
 * context, an appositive role, a bracketed acronym. Deciding which candidates are the same actor
 * happens later, over the whole corpus.
 */

/** One sentence being read: its tokens, and what it has yielded so far. */
interface SentenceExtraction {
  sentence: SentenceInput;
  tokens: Token[];
  context: ExtractionContext;
  headline: boolean;
  /** The sentence reports an action (the same for each of its mentions). */
  action: boolean;
  /** Tokens of a bracketed acronym after a name that is not an actor: "(FTO)". */
  skipped: Set<number>;
  notActorKeys: string[];
  mentions: CandidateMention[];
}

/** A run of name words as the passes narrow it: `[from, to)`, and what they learn about it. */
interface RunState {
  from: number;
  readonly to: number;
  readonly possessive: boolean;
  readonly clauseInitial: boolean;
  weak: boolean;
  honorific?: string;
  role?: DocumentSpan;
  /** Where a title may begin: the run's start once clause-initial words and the honorific are gone. */
  titleFrom: number;
}

/** What the context says the name is; `end` takes in a noun that is part of the name ("the Sinaloa cartel"). */
interface NameKind {
  hint: KindHint | null;
  canonical?: string;
  end: number;
}

/**
 * Finds the candidate actor mentions of one sentence. Pure: the same sentence and context always
 * give the same candidates.
 */
export function extractSentenceCandidates(sentence: SentenceInput, context: ExtractionContext): SentenceCandidates {
  const tokens = tokenize(sentence.text);
  const x: SentenceExtraction = {
    sentence,
    tokens,
    context,
    headline: isHeadline(tokens, context),
    action: sentenceHasAction(tokens),
    skipped: new Set(),
    notActorKeys: [],
    mentions: [],
  };
  for (const run of findRuns(tokens)) {
    if (!x.skipped.has(run.from)) extractRun(x, run);
  }
  return { mentions: dedupeOverlaps(x.mentions), notActorKeys: x.notActorKeys };
}

function extractRun(x: SentenceExtraction, run: Run): void {
  const state = openRun(x, run);
  if (state.clauseInitial && !trimClauseInitialWords(x, state)) return;
  takeHonorific(x.tokens, state);
  const words = x.tokens.slice(state.from, state.to).map((t) => t.text.replace(/\.$/u, ''));
  if (isOutletOrCredit(x.tokens, x.sentence.text, state.from, state.to, words)) return;
  if (!splitLeadingCountries(x, state)) return;
  if (!takeTitle(x, state)) return;
  const nameWords = x.tokens.slice(state.from, state.to).map((t) => t.text);
  const key = nameKey(nameWords.join(' '));
  if (rejectsAsNotActor(x, state, nameWords, key)) return;
  const kind = kindFromContext(x.tokens, state, nameWords, key);
  takeAppositiveRole(x, state, kind);
  const mention = emit(x, state.from, kind.end, {
    hint: kind.hint,
    weak: state.weak,
    clauseInitial: state.clauseInitial,
    ...(kind.canonical ? { canonical: kind.canonical } : {}),
    ...(state.honorific ? { honorific: state.honorific } : {}),
    ...(state.role ? { role: state.role } : {}),
  });
  // "Revolutionary Armed Forces of Colombia (FARC)": the bracketed acronym names the same body.
  if (mention && bracketedAcronymAt(x.tokens, kind.end)) {
    const acronym = emit(x, kind.end + 1, kind.end + 2, { hint: mention.hint ?? 'organization', weak: false });
    if (acronym) acronym.abbreviates = mention.key;
  }
}

/** The run's first state: weak in a headline, in a quoted label, or as the modifier of a compound. */
function openRun(x: SentenceExtraction, run: Run): RunState {
  const { tokens } = x;
  let weak = x.headline;
  // A quotation that is only a capitalised phrase ("“Specially Designated Global Terrorist.”") is a label, not a name.
  const closing = tokens[run.to]?.text === '.' ? tokens[run.to + 1] : tokens[run.to];
  if (['“', '"'].includes(tokens[run.from - 1]?.text ?? '') && ['”', '"'].includes(closing?.text ?? '')) weak = true;
  // "Spanish-language daily": a capitalised word that only modifies a compound is confirmed or dropped.
  if (tokens[run.to]?.text === '-' && !tokens[run.to]!.spaceBefore && /^\p{Ll}/u.test(tokens[run.to + 1]?.text ?? '')) weak = true;
  return { from: run.from, to: run.to, possessive: run.possessive, clauseInitial: startsClause(tokens, run.from), weak, titleFrom: run.from };
}

/**
 * "Still, the fortress holds." "Instead, the military…": drops words capitalised only because a
 * sentence starts. False when nothing is left.
 */
function trimClauseInitialWords(x: SentenceExtraction, state: RunState): boolean {
  const { tokens } = x;
  const to = state.to;
  while (state.from < to) {
    const t = tokens[state.from]!;
    const lower = t.text.toLowerCase();
    if (isKnownNameStart(tokens, state.from, to)) break;
    if (isStopWord(lower)) {
      state.from++;
      continue;
    }
    const looksCommon = x.context.commonWords.has(lower) || (t.pos !== 'PROPN' && !TITLE_MODIFIERS.has(t.text));
    if (!looksCommon) break;
    if (to - state.from === 1) {
      state.from++;
      break;
    }
    // In a longer run the first word is dropped only when a plain name follows ("Dissident FARC"),
    // never from a structured name ("Cartel de los Soles", "Justice Department").
    const structured = tokens.slice(state.from, to).some((word) => !isCapitalised(word)) || ORGANIZATION_CUES.has(tokens[to - 1]!.text);
    if (!structured) state.from++;
    break;
  }
  if (to - state.from === 1) state.weak = true;
  state.titleFrom = state.from;
  return state.from < to;
}

/** A state, a known organisation, an honorific or a title word: a capital that means something even at a clause start. */
function isKnownNameStart(tokens: readonly Token[], from: number, to: number): boolean {
  const t = tokens[from]!;
  return (
    countryAt(tokens, from, to) !== null ||
    knownOrganizationOf(nameKey(t.text)) !== null ||
    knownOrganizationOf(nameKey(tokens.slice(from, to).map((x) => x.text).join(' '))) !== null ||
    HONORIFICS.has(t.text) ||
    isTitleHead(t.text)
  );
}

/** "Mr. Maduro": the honorific is kept as an alias, not as part of the name. */
function takeHonorific(tokens: readonly Token[], state: RunState): void {
  if (HONORIFICS.has(tokens[state.from]!.text) && state.to - state.from > 1) {
    state.honorific = tokens[state.from]!.text;
    state.from++;
  }
  state.titleFrom = state.from;
}

/**
 * States at the front ("U.S. Justice Department", "Venezuelan President …", "Eastern Libya") are
 * mentions of their own, split off the rest of the run. False when the run was only states.
 */
function splitLeadingCountries(x: SentenceExtraction, state: RunState): boolean {
  const { tokens } = x;
  const { from, to } = state;
  let k = from;
  const leading: Array<{ from: number; to: number; name: string }> = [];
  while (k < to) {
    const found = countryAt(tokens, k, to);
    if (!found) break;
    leading.push({ from: k, to: k + found.length, name: found.name });
    k += found.length;
  }
  const emitCountries = () => leading.forEach((c) => emit(x, c.from, c.to, { hint: 'country', canonical: c.name, weak: false }));
  if (k === to) {
    emitCountries();
    return false;
  }
  // "Eastern Libya" is Libya; a region is never an actor.
  if (DIRECTIONS.has(tokens[from]!.text)) {
    const found = countryAt(tokens, from + 1, to);
    if (found && from + 1 + found.length === to) {
      emit(x, from + 1, to, { hint: 'country', canonical: found.name, weak: false });
      return false;
    }
  }
  const restIsSingleCue = to - k === 1 && ORGANIZATION_CUES.has(tokens[k]!.text);
  // "U.S. Justice Department" is the Justice Department of the U.S.; "United States Army War College" is a name.
  const fullNamePrefix = leading.some((c) => c.to - c.from > 1) && !isTitleHead(tokens[k]!.text) && !TITLE_MODIFIERS.has(tokens[k]!.text);
  if (leading.length > 0 && !restIsSingleCue && !fullNamePrefix) {
    emitCountries();
    state.from = k;
  }
  return true;
}

/**
 * A title before the name becomes its role: in capitals ("Interior Minister Diosdado Cabello",
 * "Secretary of State Marco Rubio") or in lower case ("former military intelligence chief Hugo
 * Carvajal"). False when the run is only a title or nothing is left of the name.
 */
function takeTitle(x: SentenceExtraction, state: RunState): boolean {
  const { tokens } = x;
  const titleEnd = capitalisedTitleEnd(tokens, state.from, state.to);
  if (isTitleOnly(tokens, state.from, state.to)) return false;
  if (titleEnd >= 0) {
    state.role = spanOf(x, extendRoleBackwards(tokens, state.titleFrom), titleEnd);
    state.from = titleEnd + 1;
    takeHonorific(tokens, state);
  } else {
    const roleFrom = lowerCaseTitleBefore(tokens, state.from);
    if (roleFrom !== null) state.role = spanOf(x, roleFrom, state.from - 1);
  }
  return state.from < state.to;
}

/** Regions, vehicles, designations, events, dates and the like; a designation's bracketed acronym goes with it. */
function rejectsAsNotActor(x: SentenceExtraction, state: RunState, nameWords: readonly string[], key: string): boolean {
  const { tokens } = x;
  if (isRegionKey(key)) return true;
  const notActor = notActorName(nameWords, key, x.sentence.text.slice(0, tokens[state.from]!.start));
  if (notActor) {
    if (notActor === 'context') x.notActorKeys.push(key);
    if (bracketedAcronymAt(tokens, state.to)) {
      x.skipped.add(state.to + 1);
      x.notActorKeys.push(nameKey(tokens[state.to + 1]!.text));
    }
    return true;
  }
  return isNeverAnActor(nameWords, tokens[state.to]);
}

/** What the name and the words around it say it is: a known body, a capital, an organisation, a group, a person. */
function kindFromContext(tokens: readonly Token[], state: RunState, nameWords: readonly string[], key: string): NameKind {
  const { from, to } = state;
  const known = knownOrganizationOf(key);
  const next = tokens[to];
  const previous = tokens[from - 1];
  if (known) return { hint: 'organization', canonical: known, end: to };
  if (CAPITALS.has(key)) return { hint: 'capital', end: to };
  if (nameWords.some((w) => ORGANIZATION_CUES.has(w)) || ORGANIZATION_CUES.has(tokens[to - 1]!.text)) return { hint: 'organization', end: to };
  const noun = next && !state.possessive && next.spaceBefore ? next.text : '';
  // "the Sinaloa cartel": the noun is part of how the text names it.
  if (ORGANIZATION_NOUNS.has(noun) && /^\p{Ll}/u.test(noun)) return { hint: 'organization', end: to + 1 };
  // "Houthi rebels", "the Ortega brothers".
  if (GROUP_NOUNS.has(noun)) return { hint: 'group', end: to + 1 };
  // "the Venezuelan gang Tren de Aragua".
  if (previous && ORGANIZATION_NOUNS.has(previous.text.toLowerCase())) return { hint: 'organization', end: to };
  if (previous && GROUP_NOUNS.has(previous.text.toLowerCase())) return { hint: 'group', end: to };
  if (isAllCaps(tokens[from]) && to - from === 1) return { hint: 'organization', end: to };
  return { hint: state.honorific || state.role ? 'person' : null, end: to };
}

/** "Hugo Carvajal, Venezuela's former spymaster": an appositive role makes a person of a name with no other role. */
function takeAppositiveRole(x: SentenceExtraction, state: RunState, kind: NameKind): void {
  if (state.role || (kind.hint !== null && kind.hint !== 'person')) return;
  const span = appositiveAfter(x.tokens, state.to, state.possessive) ?? appositiveBefore(x.tokens, state.from);
  if (!span) return;
  state.role = spanOf(x, span[0], span[1] - 1);
  kind.hint = 'person';
}

/** The document span of tokens `first..last` (inclusive). */
function spanOf(x: SentenceExtraction, first: number, last: number): DocumentSpan {
  const start = x.tokens[first]!.start;
  const end = x.tokens[last]!.end;
  return { text: x.sentence.text.slice(start, end), start: x.sentence.start + start, end: x.sentence.start + end };
}

/** Records the mention of tokens `[from, to)`; null when the span holds no name. */
function emit(
  x: SentenceExtraction,
  from: number,
  to: number,
  extra: Partial<CandidateMention> & { hint: KindHint | null; weak: boolean },
): CandidateMention | null {
  const { tokens, sentence } = x;
  if (to <= from) return null;
  const start = tokens[from]!.start;
  let end = tokens[to - 1]!.end;
  // wink-nlp keeps a sentence's final period on a last word ("the Sun."); it is not part of the name.
  const last = tokens[to - 1]!.text;
  if (last.endsWith('.') && !/\..+\./u.test(last) && !HONORIFICS.has(last) && tokens.slice(to).every((t) => !isWord(t))) end -= 1;
  const surface = sentence.text.slice(start, end);
  const words = tokens.slice(from, to).filter(isWord);
  const mention: CandidateMention = {
    docId: sentence.docId,
    sentence: sentence.index,
    start: sentence.start + start,
    end: sentence.start + end,
    surface,
    key: nameKey(surface),
    parts: words.map((t) => [sentence.start + t.start, sentence.start + t.end] as [number, number]),
    proper: words.every((t) => t.pos === 'PROPN'),
    firstWordProper: tokens[from]!.pos === 'PROPN',
    subject: isSubjectAt(tokens, end),
    action: x.action,
    ...extra,
  };
  if (!mention.key) return null;
  x.mentions.push(mention);
  return mention;
}

/** The acronym in brackets is found twice (as its own run too); keep one mention per span. */
function dedupeOverlaps(mentions: CandidateMention[]): CandidateMention[] {
  const bySpan = new Map<string, CandidateMention>();
  for (const mention of mentions) {
    const span = `${mention.start}:${mention.end}`;
    const existing = bySpan.get(span);
    if (!existing || (mention.abbreviates && !existing.abbreviates)) bySpan.set(span, mention);
  }
  return [...bySpan.values()].sort((a, b) => a.start - b.start);
}

/** Lower-case words as written in the corpus: what a capitalised sentence-initial word probably is. */
export function collectCommonWords(texts: Iterable<string>): Set<string> {
  const words = new Set<string>();
  for (const text of texts) {
    for (const match of text.matchAll(/(?<![\p{L}’'])\p{Ll}[\p{Ll}’'-]*/gu)) words.add(match[0]);
  }
  return words;
}
