import winkNLP, { type ItemEntity } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

/** A token of a text, with offsets into that text and its part of speech. */
export interface Token {
  text: string;
  start: number;
  end: number;
  /** Universal POS tag from wink-nlp: PROPN, NOUN, VERB, PUNCT… */
  pos: string;
  /** True when white space precedes the token (so "Maduro-led" is one written word). */
  spaceBefore: boolean;
}

/**
 * A run of tokens wink-nlp recognises as one value: DATE, TIME, DURATION, MONEY, PERCENT,
 * CARDINAL, ORDINAL (its English lite model finds no person or place names).
 */
export interface TaggedEntity {
  type: string;
  /** Index of its first and last token in {@link TaggedText.tokens}. */
  first: number;
  last: number;
}

export interface TaggedText {
  tokens: Token[];
  entities: TaggedEntity[];
}

let nlp: ReturnType<typeof winkNLP> | undefined;

/** Longest text, in characters, that is tagged. */
const MAX_TAGGED_TEXT = 5_000;

/** wink-nlp is loaded on first use: the model takes a moment, and most imports never need it. */
function getNlp(): ReturnType<typeof winkNLP> {
  nlp ??= winkNLP(model);
  return nlp;
}

/**
 * Tokenises and tags a sentence with wink-nlp: tokens with offsets and parts of speech, and the
 * value entities (dates, amounts) over them. Offsets are found by searching each token's text
 * forward from the previous one, because wink-nlp reports token values, not positions; a token it
 * normalised (rare) is dropped rather than given a wrong offset, with any entity touching it.
 */
export function tagText(text: string): TaggedText {
  // wink-nlp slows down sharply on a giant unbroken "sentence" (a 150,000-character run took 20 s);
  // no real sentence is this long.
  if (text.length > MAX_TAGGED_TEXT) return { tokens: [], entities: [] };
  const engine = getNlp();
  const doc = engine.readDoc(text);
  const values = doc.tokens().out() as string[];
  const tags = doc.tokens().out(engine.its.pos) as string[];
  const tokens: Token[] = [];
  /** Our token index for each of wink's, or -1 when it was dropped. */
  const kept: number[] = [];
  let cursor = 0;
  values.forEach((value, i) => {
    const start = text.indexOf(value, cursor);
    if (start < 0 || start - cursor > 40) {
      kept.push(-1);
      return;
    }
    kept.push(tokens.length);
    tokens.push({ text: value, start, end: start + value.length, pos: tags[i] ?? 'X', spaceBefore: start > 0 && /\s/.test(text[start - 1] ?? '') });
    cursor = start + value.length;
  });
  const entities: TaggedEntity[] = [];
  doc.entities().each((entity: ItemEntity) => {
    const [from, to] = entity.out(engine.its.span) as unknown as [number, number];
    const first = kept[from] ?? -1;
    const last = kept[to] ?? -1;
    if (first < 0 || last < 0 || last - first !== to - from) return;
    entities.push({ type: entity.out(engine.its.type) as string, first, last });
  });
  return { tokens, entities };
}

/** The tokens of a sentence with offsets and parts of speech (see {@link tagText}). */
export function tokenize(text: string): Token[] {
  return tagText(text).tokens;
}
