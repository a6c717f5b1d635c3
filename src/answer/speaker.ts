/**
 * Who a sentence says spoke, against who a question asks about: "What did Brantwood's chief
 * executive say about the bid?" is not answered by "Caldmore, which owns 8.5% of Brantwood, said
 * it was considering its options", nor "What did the head of the conciliation service say?" by
 * "Transport secretary Neil Strachan said he had asked the conciliation service to step in".
 */
import { isStopWord, LEADING_ROLES, stem, words } from '../text/index.js';

/**
 * "What did the union say…", "What has Apple told…": a question for what someone said, and the one
 * asked about (group 1); not "Why did X say…", nor "How much did they say…".
 */
const ASKED_SPEAKER = /^\s*(?:(?:and|so|but)\s+)?what\s+(?:did|does|do|has|have|had|will|would|is|was)\s+(.+?)\s+(?:say|said|tell|told|write|wrote|comment)\b/i;
/** A verb that reports speech, with the speaker before it ("Keough said") or after it ("said union organiser Maria Fenn"). */
const REPORTING_VERB = /\b(?:said|says|told|tells|added|adds|warned|warns|insisted|insists|argued|argues|claimed|claims|admitted|admits|explained|explains|announced|noted|stated|commented|replied)\b/gi;
/** Where a speaker's phrase before its verb begins: after a clause mark or a quotation. */
const CLAUSE_MARK = /[,;:"“”—–(]/;
/** "Caldmore, which already owns 8.5% of Brantwood, said": a clause set off inside the speaker's phrase, about something else. */
const SET_OFF_CLAUSE = /,\s*(?:which|whose|whom|where)\b[^,]*,\s*$/i;
/** "Moira Dunlop, who chairs the community council, said": a clause that says who the speaker is (group 1). */
const DESCRIBING_CLAUSE = /,\s*(who\b[^,]*),\s*$/i;
/** Where a speaker's phrase after its verb ends: "said Moira Dunlop, who chairs the Carrow Community Council." keeps its who-clause. */
const AFTER_SPEAKER_END = /[;:"“”—–(.!?]/;
const PRONOUNS: ReadonlySet<string> = new Set(['he', 'she', 'they', 'it', 'we', 'i', 'you', 'this', 'that']);
/** Speakers that name only what kind of body spoke ("the company said", "a spokesman said"): any one asked may be meant. */
const GENERIC_SPEAKERS: ReadonlySet<string> = new Set(
  ['company', 'firm', 'group', 'business', 'spokesman', 'spokeswoman', 'spokesperson', 'official', 'officials', 'statement', 'source', 'sources', 'report', 'organisation', 'organization', 'body', 'board'].map(stem),
);
const LEADING: ReadonlySet<string> = new Set(LEADING_ROLES.map(stem));
/** At most this many words before a reporting verb are its speaker's phrase. */
const SPEAKER_WORDS = 8;

const contentStems = (text: string) => words(text).filter((w) => !isStopWord(w)).map(stem);

/** The one a what-was-said question asks about: its content words (stemmed), and those of them it writes as names. */
export interface AskedSpeaker {
  readonly terms: readonly string[];
  readonly named: readonly string[];
}

/** Who a what-was-said question asks about ("Brantwood's chief executive"), or undefined. */
export function askedSpeaker(question: string): AskedSpeaker | undefined {
  const asked = ASKED_SPEAKER.exec(question)?.[1];
  if (asked === undefined) return undefined;
  const named = (asked.match(/\p{Lu}[\p{L}'’-]*/gu) ?? []).flatMap((word) => contentStems(word));
  return { terms: contentStems(asked), named };
}

/** The phrases of a sentence's speakers, each as its words (folded): before a reporting verb, or after it when a quotation ends there. */
function speakersOf(sentence: string): string[][] {
  const speakers: string[][] = [];
  for (const verb of sentence.matchAll(REPORTING_VERB)) {
    const written = sentence.slice(0, verb.index).trimEnd();
    if (written.length === 0 || /["”’],?$/.test(written)) {
      // '"…," said union organiser Maria Fenn.': the speaker follows the verb, to the next mark.
      const after = sentence.slice(verb.index + verb[0].length).split(AFTER_SPEAKER_END)[0]!;
      speakers.push(words(after).slice(0, 2 * SPEAKER_WORDS));
      continue;
    }
    const describing = DESCRIBING_CLAUSE.exec(written);
    const before = describing ? written.slice(0, describing.index) : written.replace(SET_OFF_CLAUSE, ' ').trimEnd();
    // "Westway's managing director, Alan Reeve, said": a name set off after its role keeps the role.
    const appositive = /,$/.test(before);
    const marks = [...before.replace(/,$/, '').matchAll(new RegExp(CLAUSE_MARK.source, 'g'))];
    const mark = marks.at(appositive ? -2 : -1) ?? (appositive ? undefined : marks.at(-1));
    const start = mark ? mark.index + 1 : 0;
    speakers.push([...words(before.slice(start)).slice(-SPEAKER_WORDS), ...words(describing?.[1] ?? '')]);
  }
  return speakers;
}

/** How many words before a speaker's name may say who the speaker is: "Brantwood chief executive Tom Hale". */
const INTRODUCED_WITHIN = 4;

/**
 * Whether a sentence reports speech by someone other than the one a what-was-said question asks
 * about: each of its speakers is named (not "he", not "the company") and is not the one asked. A
 * speaker is the one asked when the phrase shares a word of the body asked ("union organiser Maria
 * Fenn" for "the union"), when a leader is asked of no body the question names and the speaker
 * leads ("Chief executive Gillian Marsh" for "the ferry firm's boss"), or when the article introduces the
 * speaker's name with the one asked ("Mr Hale" after "Brantwood chief executive Tom Hale").
 */
export function speaksForAnother(asked: AskedSpeaker, sentence: string, article: readonly string[]): boolean {
  if (asked.terms.length === 0) return false;
  const speakers = speakersOf(sentence);
  if (speakers.length === 0) return false;
  const body = asked.terms.filter((t) => !LEADING.has(t) && !GENERIC_SPEAKERS.has(t));
  const asksLeader = asked.terms.some((t) => LEADING.has(t));
  // A leader of a body the question names ("Brantwood's chief executive") must be of that body;
  // of one it only describes ("the ferry firm's boss"), any leader may be meant.
  const namedBody = body.filter((t) => asked.named.includes(t));
  const introducedAsAsked = (name: string) =>
    article.some((text) => {
      const folded = words(text);
      return folded.some((w, i) => {
        if (w !== name) return false;
        const introduction = folded.slice(Math.max(0, i - INTRODUCED_WITHIN), i).map(stem);
        // A leader asked is introduced by a leading role ("Brantwood chief executive Tom Hale", not the headline "Brantwood rejects Caldmore").
        const ofBody = namedBody.length === 0 || introduction.some((t) => body.includes(t));
        return ofBody && (!asksLeader || introduction.some((t) => LEADING.has(t)));
      });
    });
  return speakers.every((speaker) => {
    const content = speaker.filter((w) => !isStopWord(w));
    const stems = content.map(stem);
    if (speaker.some((w) => PRONOUNS.has(w)) || stems.length === 0 || stems.every((t) => GENERIC_SPEAKERS.has(t))) return false;
    if (stems.some((t) => body.includes(t))) return false;
    if (namedBody.length === 0 && asksLeader && stems.some((t) => LEADING.has(t))) return false;
    return !content.some((w) => !LEADING.has(stem(w)) && !GENERIC_SPEAKERS.has(stem(w)) && introducedAsAsked(w));
  });
}
