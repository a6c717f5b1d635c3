/**
 * What a question's class (read by the question reader) wants of a sentence: evidence that a
 * sentence is a definition, an identity, a list or a reason, and the phrase in it that answers.
 */
import { canNameAPerson, CIRCUMSTANCE_CUE, COPULAS, isStopWord, LEADING_ROLES, LEADING_VERBS, NAME_TITLE, REASON_CUE, stem, tagText, words } from '../text/index.js';
import type { AnalysedQuestion, ClassifiedQuestion } from './question-reader.js';
import { isQuestionShaped } from './sentence-analysis.js';
import type { FeatureCandidate, SentenceFeatureHook } from './sentence-ranker.js';

/** Verbs that, right after X, start what X is. */
const DEFINING_VERBS = new Set([...COPULAS, 'means', 'meant', 'refers', 'stands', 'describes', 'denotes', 'remains', 'became']);
const ROLE_WORDS = new Set([
  'minister', 'president', 'leader', 'chief', 'head', 'director', 'spokesman', 'spokeswoman', 'spokesperson', 'general', 'secretary',
  'ceo', 'founder', 'chairman', 'chairwoman', 'chair', 'governor', 'mayor', 'senator', 'judge', 'prosecutor', 'commander', 'ambassador',
  'official', 'economist', 'analyst', 'professor', 'editor', 'attorney', 'lawyer', 'envoy', 'king', 'queen', 'prime', 'vice', 'deputy',
]);
const WHY_STATEMENT = /\b(why|the reason|reasons? for)\b/i;

/**
 * Where the subject's words run in a sentence's folded words: [first, last] word indexes, or
 * undefined. A person is often named by surname alone after the first mention ("Raman, an
 * engineer…"), so for an identity the last word of the name is enough.
 */
function findSubject(sentenceWords: readonly string[], subject: readonly string[], surnameEnough = false): [number, number] | undefined {
  const content = surnameEnough ? subject.slice(-1) : subject.filter((w) => !isStopWord(w));
  const head = content.at(-1) ?? subject.at(-1)!;
  for (let i = 0; i < sentenceWords.length; i++) {
    if (stem(sentenceWords[i]!) !== stem(head)) continue;
    const window = sentenceWords.slice(Math.max(0, i - subject.length - 2), i + 1).map(stem);
    if (!content.every((w) => window.includes(stem(w)))) continue;
    // Back over the rest of the subject's words ("Priya Raman", not just "Raman").
    const subjectStems = new Set(subject.map(stem));
    let first = i;
    while (first > 0 && i - first < subject.length - 1 && subjectStems.has(stem(sentenceWords[first - 1]!))) first--;
    return [first, i];
  }
  return undefined;
}

/** How strongly a sentence is what a definition question wants: X followed by is / means / a defining appositive. */
function definitionEvidence(sentenceWords: SentenceWords, subject: readonly string[], sentence: string): number {
  const at = findSubject(sentenceWords.words, subject);
  if (!at) return 0;
  const [first, last] = at;
  if (DEFINING_VERBS.has(sentenceWords.words[last + 1] ?? '')) return 1;
  const before = sentenceWords.words.slice(Math.max(0, first - 2), first).join(' ');
  if (/\b(term|called|known as|dubbed|named)$/.test(before)) return 0.8;
  // "X, a group of …": an appositive right after X.
  const afterX = sentence.slice(sentenceWords.ends[last]).trimStart();
  if (/^[,(–—-]\s*(?:an?|the)\s/i.test(afterX)) return 0.8;
  return 0;
}

/** The folded words of a sentence with their end offsets in it, one per written word. */
interface SentenceWords {
  words: string[];
  starts: number[];
  ends: number[];
}

function sentenceWordsOf(sentence: string): SentenceWords {
  const out: SentenceWords = { words: [], starts: [], ends: [] };
  for (const match of sentence.matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu)) {
    const word = words(match[0])[0];
    if (word === undefined) continue;
    out.words.push(word);
    out.starts.push(match.index);
    out.ends.push(match.index + match[0].length);
  }
  return out;
}

/** How strongly a sentence gives X's role: "ROLE X", "X, the …,", "X is the …", "X, who …". */
function identityEvidence(sentenceWords: SentenceWords, subject: readonly string[], sentence: string): number {
  const at = findSubject(sentenceWords.words, subject, true);
  if (!at) return 0;
  const [first, last] = at;
  const afterX = sentence.slice(sentenceWords.ends[last]).trimStart();
  if (/^[,(–—]\s*(?:an?|the)\s/i.test(afterX) || /^(?:is|was)\s+(?:an?|the)\s/i.test(afterX) || /^as\s+(?:its|their|his|her|the|an?)\s/i.test(afterX)) return 1;
  if (sentenceWords.words.slice(Math.max(0, first - 3), first).some((w) => ROLE_WORDS.has(w))) return 1;
  if (personWordBeforeName(sentenceWords, first, sentence)) return 1;
  // "…, a research professor at the Army War College, Evan Ellis, tells…": the role set before the name.
  if (ROLE_BEFORE_NAME.test(sentence.slice(0, sentenceWords.starts[first]))) return 1;
  if (/^,\s*(?:who|whose)\b/i.test(afterX)) return 0.7;
  return 0;
}

/** The words that ask who leads ("boss", "runs", "in charge"): what a leader's role answers. */
export const LEADING_TERMS: ReadonlySet<string> = new Set([...LEADING_ROLES, ...LEADING_VERBS, 'run', 'running', 'lead', 'leading', 'head', 'heading', 'charge'].map(stem));

/** A leader question's terms besides its names and its words of leading: what else it asks about ("the board that investigated the crash"). */
export function termsBesideLeading(question: AnalysedQuestion): string[] {
  return [...question.terms.keys()].filter((t) => !question.nameTerms.has(t) && !LEADING_TERMS.has(t));
}

/** Roles that say only that one leads, whatever the body: "boss" is a manager to a club, a chief executive to a firm. */
const GENERIC_ROLES: ReadonlySet<string> = new Set(['boss', 'head', 'chief', 'lead', 'leader']);

/**
 * Whether a sentence's leading role can be the one a question asks for: any, when the question or
 * the sentence names only a generic one ("boss", "head"); else the same. "Who is the Hallam
 * manager?" is not answered by "captain Lee Forrester".
 */
export function leadingRoleFits(question: string, sentence: string): boolean {
  const rolesIn = (text: string) => words(text).filter((w) => LEADING_ROLES.includes(w));
  const asked = rolesIn(question).filter((role) => !GENERIC_ROLES.has(role));
  if (asked.length === 0) return true;
  const told = rolesIn(sentence);
  return told.some((role) => GENERIC_ROLES.has(role) || asked.includes(role));
}

/** A role of one who leads ("chief executive", "head"), or its verb ("who chairs"). */
const LEADING_ROLE = new RegExp(String.raw`\b(?:${LEADING_ROLES.join('|')})\b`, 'i');
const LEADING_VERB = new RegExp(String.raw`\b(?:${LEADING_VERBS.join('|')}|in charge of)\b`, 'i');
/** A person's name: two or more capitalised words, after a title or not ("Martin Cole", "Dr. Amelia Crane"). */
const PERSON_NAME = new RegExp(String.raw`(?:\b${NAME_TITLE.source}\s+)?\b\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)+`, 'gu');
/** How far before a name its role may be set ("Its chief executive, Martin Cole"). */
const ROLE_BEFORE_REACH = 40;

/**
 * How strongly a sentence names the person who leads something: a name with a leading role set
 * right before it ("Its chief executive, Martin Cole,", "led by Ana Ruiz", "Area Manager Joanne
 * Pritchard"), or right after it
 * ("Gemma Okafor, who led the inquiry", "Amelia Crane, the country's chief veterinary officer").
 */
function leaderEvidence(sentence: string): number {
  return leaderNamed(sentence) ? 1 : 0;
}

/**
 * The name of the person a sentence says leads something (see {@link leaderEvidence}), as a range,
 * with what the verb after the name says they lead when that, not a role, names them a leader.
 */
function leaderNamed(sentence: string): { start: number; end: number; ledByVerb?: string } | undefined {
  for (const name of sentence.matchAll(PERSON_NAME)) {
    const range = { start: name.index, end: name.index + name[0].length };
    // A role written as a title runs into the name: "said Area Manager Joanne Pritchard".
    const titled = /^(?:\p{Lu}\p{Ll}+\s+)*?(?:\p{Lu}\p{Ll}+\s+)(?=\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}+$)/u.exec(name[0]);
    if (titled && LEADING_ROLE.test(titled[0])) return { start: range.start + titled[0].length, end: range.end };
    const before = sentence.slice(Math.max(0, name.index - ROLE_BEFORE_REACH), name.index);
    if (/\b(?:led|headed|chaired|run|managed|directed)\s+by\s+$/i.test(before) || (LEADING_ROLE.test(before) && /[,\s]$/.test(before) && !/[.;:!?]/.test(before))) return range;
    const after = sentence.slice(range.end);
    const clause = /^\s*,\s*(?:who\s+|the\s+|an?\s+|its\s+|their\s+)?([^,;.]{0,60})/.exec(after)?.[1] ?? '';
    if (LEADING_ROLE.test(clause)) return range;
    const verb = LEADING_VERB.exec(clause);
    if (verb) return { ...range, ledByVerb: clause.slice(verb.index + verb[0].length) };
  }
  return undefined;
}

/**
 * What a person the sentence names is said to lead, when a verb after the name is how it names a
 * leader: "a café opposite the factory gates" of "…, said Janet Ferris, who runs a café opposite
 * the factory gates". Undefined when a role names the leader ("said Area Manager Joanne
 * Pritchard, who led the response") or no leader is named.
 */
export function ledByClause(sentence: string): string | undefined {
  return leaderNamed(sentence)?.ledByVerb;
}

/** How many items a sentence lists: capitalised names (when names are asked) or comma/and-joined phrases. */
function listEvidence(sentence: string, question: AnalysedQuestion, namesAsked: boolean): number {
  let items: number;
  if (namesAsked) {
    const names = new Set<string>();
    for (const match of sentence.matchAll(/(?<=[\s,(“"‘'])(\p{Lu}[\p{L}’'-]+(?:\s+(?:of|de|la|the)?\s*\p{Lu}[\p{L}’'-]+)*)/gu)) {
      const folded = words(match[1]!);
      if (folded.some((w) => !question.foldedWords.has(w))) names.add(folded.join(' '));
    }
    items = names.size;
  } else {
    items = (sentence.match(/,\s+(?!and\b|or\b)|\s(?:and|or)\s/g) ?? []).length + 1;
  }
  return items >= 2 ? Math.min(1, (items - 1) / 3) : 0;
}

/**
 * A causal connective; the sentence right after a why-statement ("The reason is simple."); or the
 * event or climate something came after ("amid a strike"), a weaker cue. A sentence that only
 * restates the question's event has none of them.
 */
function reasonEvidence(sentence: string, previous: string | undefined): number {
  if (REASON_CUE.test(sentence)) return 1;
  if (previous && WHY_STATEMENT.test(previous) && !isQuestionShaped(sentence)) return 0.6;
  return CIRCUMSTANCE_CUE.test(sentence) ? 0.5 : 0;
}

/**
 * Evidence, 0..1, that a sentence is what a question of this class wants (0 for a question in no
 * class). A question-shaped sentence is never a definition or an identity.
 */
export function classEvidence(classified: ClassifiedQuestion | undefined, question: AnalysedQuestion, sentence: string, previous?: string): number {
  if (!classified) return 0;
  switch (classified.class) {
    case 'definition':
    case 'identity': {
      if (isQuestionShaped(sentence)) return 0;
      const sentenceWords = sentenceWordsOf(sentence);
      return classified.class === 'definition'
        ? definitionEvidence(sentenceWords, classified.subject, sentence)
        : identityEvidence(sentenceWords, classified.subject, sentence);
    }
    case 'list':
      return listEvidence(sentence, question, classified.namesAsked);
    case 'reason':
      return reasonEvidence(sentence, previous);
    case 'leader':
      return leaderEvidence(sentence);
  }
}

/** The ranker's feature hook: `classEvidence` of each candidate sentence (its weight is a prior of the answer model). */
export const questionClassHook: SentenceFeatureHook = {
  features(question: AnalysedQuestion, candidate: FeatureCandidate): Record<string, number> {
    return { classEvidence: classEvidence(question.questionClass, question, candidate.sentence.text, candidate.previous?.text) };
  },
};

/** The end of a defining or role phrase: the clause's end, or a stray question word. */
const CLAUSE_END = /[,;:.!?)]|\s[–—]\s/;
const MAX_PHRASE_CHARS = 160;

/** From `from`, the phrase up to the clause's end, trimmed; undefined when empty or overlong. */
function phraseFrom(sentence: string, from: number): { start: number; end: number } | undefined {
  let start = from;
  while (start < sentence.length && /[\s,(–—-]/.test(sentence[start]!)) start++;
  const rest = sentence.slice(start);
  const stop = rest.search(CLAUSE_END);
  let end = start + (stop < 0 ? rest.length : stop);
  while (end > start && /\s/.test(sentence[end - 1]!)) end--;
  if (end <= start || end - start > MAX_PHRASE_CHARS) return undefined;
  return { start, end };
}

/** Titles that may stand between an appositive and the name it describes ("…, Dr. Luis Aranguren,"). */
const NAME_TITLES = new RegExp(String.raw`${NAME_TITLE.source}\s+$`);
/** First words of an opening phrase that sets a time or a scene rather than describing someone. */
const SCENE_SETTING = /^(?:on|in|at|after|before|during|since|until|by|for|from|with|last|earlier|later|however|meanwhile|yesterday|today|then|now|also|still|but|and|so)$/i;
/** The longest appositive taken as a role: longer, the phrase is likely a clause of its own. */
const MAX_APPOSITIVE_WORDS = 16;

/**
 * The phrase that describes X just before it, where a clause opens: at the start of the sentence,
 * after a closing quote or after "according to". Between commas ("Chile's mining minister, Aurora Vidal, said…", "…,”
 * the senior director of government relations at the Foundation, Connor Pfeiffer, tells…") or
 * written straight before the name ("…,” former Venezuelan diplomat Vanessa Neumann told…",
 * "according to War Department Secretary Pete Hegseth"). The
 * words must read as a noun phrase: no verb, and a noun (or a name) last.
 */
function leadingAppositive(sentence: string, xStart: number, afterX: number): { start: number; end: number } | undefined {
  let before = sentence.slice(0, xStart);
  const title = NAME_TITLES.exec(before);
  if (title) before = before.slice(0, title.index);
  const betweenCommas = /,\s*$/.test(before);
  if (betweenCommas && !/^\s*,/.test(sentence.slice(afterX))) return undefined;
  const opening = /(?:^|[”"]\s*,?\s*|\baccording to\s+)([^,;:”"“]+?)\s*,?\s*$/i.exec(before);
  if (!opening) return undefined;
  const phrase = opening[1]!;
  const start = opening.index + opening[0].lastIndexOf(phrase);
  const words = phrase.trim().split(/\s+/);
  // "On Friday, Hegseth, who…": a phrase that opens with a preposition or an adverb sets the scene.
  if (words.length < 2 || words.length > MAX_APPOSITIVE_WORDS || SCENE_SETTING.test(words[0]!)) return undefined;
  const tokens = tagText(phrase).tokens.filter((t) => t.pos !== 'PUNCT');
  if (tokens.some((t) => t.pos === 'VERB' || t.pos === 'AUX' || t.pos === 'PRON') || !['NOUN', 'PROPN'].includes(tokens.at(-1)?.pos ?? '')) return undefined;
  return { start, end: start + phrase.length };
}

/**
 * Where the person's name starts when the question gave only its last words ("Who is Lavrov?" of
 * "…minister, Vladimir Lavrov, said"): back over the capitalised words written right before it,
 * stopping at a role word ("Foreign Minister Vladimir Lavrov" starts at "Vladimir").
 */
function nameStart(sentence: string, sentenceWords: SentenceWords, first: number): number {
  let start = first;
  while (start > 0) {
    const before = start - 1;
    const word = sentence.slice(sentenceWords.starts[before]!, sentenceWords.ends[before]!);
    const joined = /^\s+$/.test(sentence.slice(sentenceWords.ends[before]!, sentenceWords.starts[start]!));
    if (!joined || !/^\p{Lu}/u.test(word) || /['’]s$/u.test(word) || ROLE_WORDS.has(sentenceWords.words[before]!) || NAME_TITLES.test(`${word} `)) break;
    start = before;
  }
  return start;
}

/**
 * The phrase of a sentence that answers a definition or identity question, as offsets inside the
 * sentence: what follows "X is / means / refers to", an appositive for X ("X, a …"), or the role
 * before X ("Interior Minister X"). Undefined when the sentence has none (or for other classes).
 */
export function classAnswerRange(classified: ClassifiedQuestion | undefined, sentence: string): { start: number; end: number } | undefined {
  // "Who runs X?": the name of the one the sentence says leads ("Diane Rowbotham" of "Chief executive Diane Rowbotham said…").
  if (classified?.class === 'leader') {
    const named = leaderNamed(sentence);
    return named && { start: named.start, end: named.end };
  }
  if (!classified || (classified.class !== 'definition' && classified.class !== 'identity')) return undefined;
  if (isQuestionShaped(sentence)) return undefined;
  const sentenceWords = sentenceWordsOf(sentence);
  const at = findSubject(sentenceWords.words, classified.subject, classified.class === 'identity');
  if (!at) return undefined;
  const [subjectFirst, last] = at;
  const first = classified.class === 'identity' ? nameStart(sentence, sentenceWords, subjectFirst) : subjectFirst;
  const afterX = sentenceWords.ends[last]!;
  // "The mine's owner, Minera Altoandina, is a mid-sized producer": a comma may close an apposition before the verb.
  const copula = /^\s*,?\s*(?:is|are|was|were|means|meant|refers\s+to|stands\s+for|describes|denotes)\s+(?:known\s+as\s+|called\s+)?/i.exec(sentence.slice(afterX));
  if (copula) return phraseFrom(sentence, afterX + copula[0].length);
  // "named X as its new director".
  const asRole = classified.class === 'identity' && /^\s*as\s+(?=(?:its|their|his|her|the|an?)\s)/i.exec(sentence.slice(afterX));
  if (asRole) return phraseFrom(sentence, afterX + asRole[0].length);
  if (/^\s*[,(–—]\s*(?:an?|the)\s/i.test(sentence.slice(afterX))) return phraseFrom(sentence, afterX);
  const leading = leadingAppositive(sentence, sentenceWords.starts[first]!, afterX);
  if (leading) return leading;
  if (classified.class === 'identity') {
    // "Interior Minister Diosdado Cabello": the role words just before the name.
    const roleWords = sentenceWords.words.slice(Math.max(0, first - 3), first);
    const firstRole = roleWords.findIndex((w) => ROLE_WORDS.has(w));
    // "minister, Vladimir" is no role: a role written straight before the name has no comma between.
    const roleBesideName = firstRole >= 0 && !/[,;:()]/.test(sentence.slice(sentenceWords.ends[Math.max(0, first - 3) + firstRole]!, sentenceWords.starts[first]!));
    if (roleBesideName) {
      let startWord = Math.max(0, first - 3) + firstRole;
      // "Interior Minister": a capitalised word right before the role word belongs to it.
      if (startWord > 0 && /^\p{Lu}/u.test(sentence[sentenceWords.starts[startWord - 1]!] ?? '') && sentenceWords.ends[startWord - 1]! + 1 === sentenceWords.starts[startWord]) startWord--;
      return { start: sentenceWords.starts[startWord]!, end: sentenceWords.ends[first - 1]! };
    }
    // "Atlantic Council senior fellow Geoff Ramsey": a word for a person right before the name,
    // with the words that qualify it and the body it belongs to.
    if (personWordBeforeName(sentenceWords, first, sentence)) {
      let startWord = first - 1;
      const joined = (i: number) => sentenceWords.ends[i - 1]! + 1 === sentenceWords.starts[i]!;
      const lower = (i: number) => /^\p{Ll}/u.test(sentence.slice(sentenceWords.starts[i]!));
      while (startWord > 0 && first - startWord < 4 && joined(startWord) && lower(startWord - 1) && !isStopWord(sentenceWords.words[startWord - 1]!)) startWord--;
      for (let names = 0; startWord > 0 && names < 3 && joined(startWord) && !lower(startWord - 1); names++) startWord--;
      return { start: sentenceWords.starts[startWord]!, end: sentenceWords.ends[first - 1]! };
    }
    // "…, a research professor at the Army War College, Evan Ellis, tells…": the role set before the name.
    const role = ROLE_BEFORE_NAME.exec(sentence.slice(0, sentenceWords.starts[first]))?.indices?.[1];
    if (role) return { start: role[0], end: role[1] };
  }
  return undefined;
}

/** A role set before a name and its comma: ", a research professor at the Army War College, " (group 1: the role). */
const ROLE_BEFORE_NAME = /(?:^|[,—–]["”’']?)\s*((?:an?|the)\s[^,]{3,120}),\s*$/di;

/** "senior fellow Geoff Ramsey": a lower-case word for a person right before the name at word `first` is a role. */
function personWordBeforeName(sentenceWords: SentenceWords, first: number, sentence: string): boolean {
  return first > 0 && /^\p{Ll}/u.test(sentence.slice(sentenceWords.starts[first - 1]!)) && canNameAPerson(sentenceWords.words[first - 1]!);
}
