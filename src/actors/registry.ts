import type { ActorCorpusSource } from './corpus-source.js';
import { ActorLookup } from './lookup.js';
import { ActorSummarizer, type ActorSummaryOptions } from './summarize.js';
import type { ActorDetail, ActorListing, ActorRecord, ActorRegistryData, ActorSummary } from './types.js';

/**
 * The actor registry of one index generation: lookup (listing, autocomplete, forgiving find)
 * and extractive summaries whose every line is a verbatim, cited sentence.
 */
export class ActorRegistry {
  private readonly lookup: ActorLookup;
  private readonly summarizer: ActorSummarizer;

  constructor(
    readonly data: ActorRegistryData,
    source: ActorCorpusSource,
  ) {
    this.lookup = new ActorLookup(data);
    this.summarizer = new ActorSummarizer(data.actors, source);
  }

  /** Every actor, most mentioned first (as `actors --json` lists them). */
  list(limit?: number): ActorListing[] {
    return this.lookup.list(limit);
  }

  /**
   * Autocomplete: actors whose name, alias or a word of them starts with `partial` (case and
   * accents ignored), then those containing it, then near spellings; most mentioned first within each.
   */
  suggest(partial: string, limit = 25): ActorListing[] {
    return this.lookup.suggest(partial, limit);
  }

  /**
   * Finds the actor a person means: exact name or alias, honorifics and accents ignored; then
   * every word of the query among the actor's names ("padrino lopez", a surname alone); then one or
   * two typos ("cabelo"). A name several actors share returns null: see `summarize` suggestions.
   */
  find(query: string): ActorRecord | null {
    return this.lookup.resolve(query).actor?.record ?? null;
  }

  /**
   * The actor summary of CONTRACT.md: who they are (with cited roles), what the sources say
   * (ranked, diverse, verbatim), what they said (attributed quotations, kept apart), related
   * actors. When nothing matches, `found` is false and `suggestions` lists close names.
   */
  summarize(query: string, options: ActorSummaryOptions = {}): ActorSummary {
    const { actor, candidates } = this.lookup.resolve(query);
    if (actor) return this.summarizer.summarize(query, actor, options);
    const suggestions = this.lookup.suggestionsFor(query, candidates);
    return { query, found: false, actor: null, summary: [], said: [], roleEvidence: [], related: [], citations: [], suggestions };
  }

  /** The `actor` object of `actor --json`. */
  detail(record: ActorRecord): ActorDetail {
    return this.summarizer.detail(record);
  }
}
