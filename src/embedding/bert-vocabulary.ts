import { lowerCaseWithoutAccents } from './bert-normalizer.js';
/**
 * Which GloVe words can be WordPiece tokens of the embedded model, and the tokenizer files that
 * make transformers.js split text exactly that way.
 *
 * The tokenizer is BERT's: `BertNormalizer` (drop control characters, lower case, strip accents)
 * then `BertPreTokenizer` (split on white space, every punctuation character its own piece).
 * A GloVe word is kept only if that pipeline can produce it as one piece: "u.s.", "n't" or
 * "1,000" never reach the model whole, so their rows would be dead weight.
 */

/** Same character class as transformers.js 2.17 `PUNCTUATION_REGEX` (Unicode P* plus ASCII symbols). */
const PUNCTUATION = '\\p{P}\\u0021-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007E';
const SINGLE_PIECE = new RegExp(`^[^\\s${PUNCTUATION}]+$`, 'u');
const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2a6df}\u{2a700}-\u{2ceaf}\u{2f800}-\u{2fa1f}]/u;
const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\u{fffd}]/u;

const PAD_TOKEN = '[PAD]';
const UNK_TOKEN = '[UNK]';
/** WordPiece rejects longer words as a whole (transformers.js default `max_input_chars_per_word`). */
const MAX_WORD_CHARS = 100;

/** What `BertNormalizer({ lowercase: true, strip_accents: null })` does to one word. */
export function normalizeLikeBert(word: string): string {
  return lowerCaseWithoutAccents(word);
}

/**
 * Whether BERT pre-tokenization of `normalized` yields exactly one piece that is a word: no white
 * space, no punctuation (a lone punctuation mark is a piece too, but it carries no topic, so the
 * model leaves it unknown), no CJK character (those are split one per character).
 */
export function isWholeWordPiece(normalized: string): boolean {
  if (normalized.length === 0 || [...normalized].length > MAX_WORD_CHARS) return false;
  if (CONTROL_OR_FORMAT.test(normalized)) return false;
  if (CJK.test(normalized) && [...normalized].length > 1) return false;
  return SINGLE_PIECE.test(normalized);
}

export interface EmbeddedVocabulary {
  /** Token of each id: `[PAD]`, `[UNK]`, then kept words by frequency. */
  readonly tokens: string[];
  /** For each id, the GloVe row (frequency rank) it comes from; -1 for `[PAD]` and `[UNK]`. */
  readonly sourceRank: Int32Array;
  /** Words skipped because the tokenizer can never produce them, or duplicates after normalisation. */
  readonly skipped: number;
}

/** Keeps every word the tokenizer can produce; of words equal after normalisation, the most frequent. */
export function selectEmbeddedVocabulary(wordsByFrequency: readonly string[]): EmbeddedVocabulary {
  const tokens = [PAD_TOKEN, UNK_TOKEN];
  const ranks = [-1, -1];
  const seen = new Set<string>(tokens);
  for (let rank = 0; rank < wordsByFrequency.length; rank++) {
    const normalized = normalizeLikeBert(wordsByFrequency[rank]!);
    if (!isWholeWordPiece(normalized) || seen.has(normalized)) continue;
    seen.add(normalized);
    tokens.push(normalized);
    ranks.push(rank);
  }
  return { tokens, sourceRank: Int32Array.from(ranks), skipped: wordsByFrequency.length - (tokens.length - 2) };
}

/**
 * `tokenizer.json` in the Hugging Face tokenizers format. No post-processor: nothing like
 * [CLS]/[SEP] is added, so every token of the input is a word of the text and mean pooling
 * averages words only. `[PAD]`/`[UNK]` live in the vocabulary rather than `added_tokens`, so a
 * literal "[UNK]" in an article is just punctuation and a word, and encoding skips a regex split.
 * Written by hand so keys keep id order (JSON.stringify would put "1990" before "the").
 */
export function tokenizerJson(tokens: readonly string[]): string {
  const head = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [],
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: null,
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
  };
  const vocab = tokens.map((token, id) => `${JSON.stringify(token)}:${id}`).join(',');
  const model = `{"type":"WordPiece","unk_token":${JSON.stringify(UNK_TOKEN)},"continuing_subword_prefix":"##","max_input_chars_per_word":${MAX_WORD_CHARS},"vocab":{${vocab}}}`;
  return `${JSON.stringify(head).slice(0, -1)},"model":${model}}\n`;
}

/** `tokenizer_config.json`: which tokenizer class, the special tokens, and no practical length limit. */
export function tokenizerConfigJson(maxTokens: number): string {
  return `${JSON.stringify(
    {
      tokenizer_class: 'BertTokenizer',
      do_lower_case: true,
      strip_accents: null,
      tokenize_chinese_chars: true,
      unk_token: UNK_TOKEN,
      pad_token: PAD_TOKEN,
      model_max_length: maxTokens,
      clean_up_tokenization_spaces: true,
    },
    null,
    2,
  )}\n`;
}
