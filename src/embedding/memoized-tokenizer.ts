import { Tensor } from '@xenova/transformers';

/**
 * A word-level memo in front of a transformers.js BERT tokenizer: the same ids, tensors and
 * padding as `tokenizer(texts, { padding: true, truncation: true })`, but each distinct
 * whitespace-separated chunk of normalised text ("said," "Minister") is pre-tokenised and
 * WordPiece-split once, then looked up. News repeats its words, so a build tokenises a few tens of
 * thousands of distinct chunks instead of every word of every sentence; the stock path also spends
 * much of its time turning ids into BigInts through intermediate arrays, which this writes directly.
 *
 * Why a chunk can be tokenised on its own, exactly:
 * - the `BertPreTokenizer` pattern (`[^\s<punct>]+|[<punct>]`, after `trim`) never matches
 *   whitespace, so its matches over a text are its matches over each `\s`-free chunk, in order;
 * - WordPiece splits each pre-token on its own (the model's `encode` loops over them independently)
 *   unless the model fuses unknown tokens across pre-tokens (`fuse_unk`), which is refused here;
 * - the normaliser runs over the whole text first, as in the stock `_encode_text`.
 * Texts holding one of the tokenizer's added tokens (e.g. "[MASK]") go through the stock encoder,
 * which splits them out before normalising. Any other tokenizer shape gets no memo ({@link of}).
 */

/** The slice of a transformers.js PreTrainedTokenizer this file reads. */
interface StockTokenizer {
  normalizer: ((text: string) => string) | null;
  pre_tokenizer: ({ constructor: { name: string } } & ((text: string, options?: object) => string[])) | null;
  model: { constructor: { name: string }; fuse_unk?: boolean } & ((tokens: string[]) => string[]) & { convert_tokens_to_ids(tokens: string[]): number[] };
  post_processor: ((tokens: string[], pair: null, options: { add_special_tokens: boolean }) => { tokens: string[]; token_type_ids?: number[] }) | null;
  added_tokens_regex: RegExp | null;
  remove_space?: boolean;
  do_lowercase_and_remove_accent?: boolean;
  return_token_type_ids?: boolean;
  pad_token_id: number;
  padding_side: 'right' | 'left';
  model_max_length: number;
  encode(text: string): number[];
}

/** What `tokenizer(texts, { padding: true, truncation: true })` returns: int64 tensors [batch, length]. */
export interface TokenizedTexts {
  input_ids: Tensor;
  attention_mask: Tensor;
  token_type_ids?: Tensor;
  [key: string]: Tensor | undefined;
}

/** Distinct chunks kept; past this the memo starts afresh (a bound on memory, not on correctness). */
const MAX_MEMO_ENTRIES = 500_000;
const WHITE_SPACE_RUN = /\s+/u;

export class MemoizedTokenizer {
  private readonly memo = new Map<string, number[]>();
  /** The ids the post-processor puts before and after a single sequence, and their token types. */
  private readonly prefix: number[];
  private readonly suffix: number[];
  private readonly prefixTypes: number[] | null;
  private readonly sequenceType: number;
  private readonly suffixTypes: number[] | null;

  private constructor(private readonly stock: StockTokenizer) {
    // Where the special tokens go: post-process one probe token and find it.
    const probe = '\u{F0000}probe';
    const processed = stock.post_processor ? stock.post_processor([probe], null, { add_special_tokens: true }) : { tokens: [probe] };
    const at = processed.tokens.indexOf(probe);
    if (at < 0 || processed.tokens.lastIndexOf(probe) !== at) throw new Error('the post-processor does not keep a single sequence in one piece');
    this.prefix = stock.model.convert_tokens_to_ids(processed.tokens.slice(0, at));
    this.suffix = stock.model.convert_tokens_to_ids(processed.tokens.slice(at + 1));
    const types = processed.token_type_ids;
    const withTypes = (stock.return_token_type_ids ?? false) && types !== undefined;
    this.prefixTypes = withTypes ? types.slice(0, at) : null;
    this.sequenceType = withTypes ? types[at]! : 0;
    this.suffixTypes = withTypes ? types.slice(at + 1) : null;
  }

  /**
   * The memo for a tokenizer whose pieces it can reproduce exactly (BERT pre-tokenizer, WordPiece
   * without fused unknowns, no space removal or extra lower-casing step), else null: then callers
   * keep using the stock tokenizer.
   */
  static of(tokenizer: object): MemoizedTokenizer | null {
    const stock = tokenizer as StockTokenizer;
    if (stock.pre_tokenizer?.constructor.name !== 'BertPreTokenizer') return null;
    if (stock.model?.constructor.name !== 'WordPieceTokenizer' || stock.model.fuse_unk === true) return null;
    if (stock.remove_space === true || stock.do_lowercase_and_remove_accent === true) return null;
    if (typeof stock.model_max_length !== 'number' || (stock.padding_side !== 'right' && stock.padding_side !== 'left')) return null;
    try {
      return new MemoizedTokenizer(stock);
    } catch {
      return null;
    }
  }

  /** The ids `tokenizer.encode(text)` gives: special tokens included, not truncated. */
  encode(text: string): number[] {
    if (this.stock.added_tokens_regex) {
      this.stock.added_tokens_regex.lastIndex = 0;
      if (this.stock.added_tokens_regex.test(text)) return this.stock.encode(text);
    }
    const normalized = this.stock.normalizer ? this.stock.normalizer(text) : text;
    const ids = this.prefix.slice();
    if (normalized.length > 0) {
      for (const chunk of normalized.split(WHITE_SPACE_RUN)) {
        if (chunk.length === 0) continue;
        for (const id of this.chunkIds(chunk)) ids.push(id);
      }
    }
    for (const id of this.suffix) ids.push(id);
    return ids;
  }

  /** The tensors `tokenizer(texts, { padding: true, truncation: true })` gives. */
  encodeBatch(texts: string[]): TokenizedTexts {
    if (texts.length === 0) throw new Error('text array must be non-empty');
    const encoded = texts.map((text) => this.encode(text));
    let length = 0;
    for (const ids of encoded) length = Math.max(length, ids.length);
    length = Math.min(length, this.stock.model_max_length);
    const size = texts.length * length;
    const inputIds = new BigInt64Array(size);
    const mask = new BigInt64Array(size);
    const types = this.prefixTypes ? new BigInt64Array(size) : null;
    const padId = BigInt(this.stock.pad_token_id ?? 0);
    const left = this.stock.padding_side === 'left';
    encoded.forEach((ids, b) => {
      const used = Math.min(ids.length, length);
      const start = b * length + (left ? length - used : 0);
      const row = b * length;
      for (let t = 0; t < length; t++) inputIds[row + t] = padId;
      for (let t = 0; t < used; t++) {
        inputIds[start + t] = BigInt(ids[t]!);
        mask[start + t] = 1n;
      }
      if (types) {
        for (let t = 0; t < used; t++) types[start + t] = BigInt(this.typeAt(t, ids.length));
      }
    });
    const dims = [texts.length, length];
    const result: TokenizedTexts = { input_ids: new Tensor('int64', inputIds, dims), attention_mask: new Tensor('int64', mask, dims) };
    if (types) result.token_type_ids = new Tensor('int64', types, dims);
    return result;
  }

  /** Distinct chunks tokenised so far. */
  get memoSize(): number {
    return this.memo.size;
  }

  private chunkIds(chunk: string): number[] {
    let ids = this.memo.get(chunk);
    if (ids === undefined) {
      const preTokens = this.stock.pre_tokenizer!(chunk);
      ids = preTokens.length === 0 ? [] : this.stock.model.convert_tokens_to_ids(this.stock.model(preTokens));
      if (this.memo.size >= MAX_MEMO_ENTRIES) this.memo.clear();
      this.memo.set(chunk, ids);
    }
    return ids;
  }

  /** The token type of position `t` of a sequence of `total` ids (prefix, text, suffix). */
  private typeAt(t: number, total: number): number {
    if (t < this.prefix.length) return this.prefixTypes![t]!;
    const fromEnd = total - t;
    if (fromEnd <= this.suffix.length) return this.suffixTypes![this.suffix.length - fromEnd]!;
    return this.sequenceType;
  }
}
