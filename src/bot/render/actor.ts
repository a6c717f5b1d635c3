import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type APIStringSelectComponent } from 'discord.js';
import type { ActorSummary } from '../../actors/types.js';
import { renumberCitations, type Citation, type CitedSentence } from '../../evidence/index.js';
import { leansOnPrevious, searchTerms } from '../../text/index.js';
import { buttonIds } from '../button-ids.js';
import { citedLine, COLORS } from './answer.js';
import { buildCitedEmbed, type DescriptionBlock } from './cited-embed.js';
import { DISCORD_LIMITS, type RenderedMessage } from './limits.js';
import { escapeAndTruncate, truncatePlain } from './markdown.js';

/** The first page of a dossier stays short enough to read on a phone without scrolling far. */
export const ACTOR_FIRST_PAGE_CHARACTERS = 1200;
const KEY_SENTENCES = 3;
const OWN_WORDS = 2;

/** One term covers another when they are equal or one is a prefix of the other ("venezuela", "venezuelan"). */
const covers = (a: string, b: string) => a === b || (Math.min(a.length, b.length) >= 5 && (a.startsWith(b) || b.startsWith(a)));

/**
 * Roles with near-synonyms merged: a role whose every term is covered by a longer role is left
 * out ("President" under "Venezuela's President"), and so is a role with the same terms as one
 * already kept ("Venezuelan President"). The first wording met is the one shown.
 */
function mergedRoles(roles: readonly string[]): string[] {
  const withTerms = roles.map((role) => ({ role: role.trim(), terms: searchTerms(role) })).filter((entry) => entry.role.length > 0 && entry.terms.length > 0);
  const kept: typeof withTerms = [];
  const coveredBy = (inner: (typeof withTerms)[number], outer: (typeof withTerms)[number]) => inner.terms.every((term) => outer.terms.some((other) => covers(term, other)));
  for (const entry of [...withTerms].sort((a, b) => b.terms.length - a.terms.length)) {
    if (kept.some((other) => coveredBy(entry, other))) continue;
    kept.push(entry);
  }
  // Back in the order the text gave them.
  return withTerms.filter((entry) => kept.includes(entry)).map((entry) => entry.role);
}

/** Sentences not already shown (same text, or same span), in order. */
function unseen(sentences: readonly CitedSentence[], seen: Set<string>): CitedSentence[] {
  const out: CitedSentence[] = [];
  for (const sentence of sentences) {
    const key = sentence.text.replace(/\s+/g, ' ').trim().toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(sentence);
  }
  return out;
}

function notFound(summary: ActorSummary): RenderedMessage {
  const suggestions = summary.suggestions.slice(0, 10).map((name) => `**${escapeAndTruncate(name, 100)}**`);
  const description = suggestions.length > 0 ? `Did you mean: ${suggestions.join(', ')}?` : 'Try `/actors` for the names the index knows.';
  return {
    embeds: [{ title: escapeAndTruncate(`No actor matches “${summary.query}”`, DISCORD_LIMITS.embedTitle) || 'No actor matches', description, color: COLORS.abstained }],
    components: [],
  };
}

function introOf(summary: ActorSummary): string {
  const actor = summary.actor!;
  const lines: string[] = [];
  const roles = mergedRoles([...actor.roles, ...summary.roleEvidence.map((role) => role.role)]);
  if (roles.length > 0) lines.push(`**${escapeAndTruncate(roles.slice(0, 4).join(' · '), 300)}**`);
  const aliases = actor.aliases.filter((alias) => alias !== actor.name);
  if (aliases.length > 0) lines.push(`Also called ${escapeAndTruncate(aliases.slice(0, 4).join(', '), 200)}`);
  lines.push(`-# ${actor.mentions} mention${actor.mentions === 1 ? '' : 's'} in ${actor.docIds.length} article${actor.docIds.length === 1 ? '' : 's'}`);
  return lines.join('\n');
}

/** Whether `sentence` opens by pointing back at `before`, the sentence shown just before it. */
function leansOn(sentence: CitedSentence | undefined, before: CitedSentence | undefined): boolean {
  return sentence !== undefined && before !== undefined && sentence.docId === before.docId && before.end <= sentence.start && leansOnPrevious(sentence.text);
}

/**
 * What a dossier's first page quotes: the key sentences (never ending between a sentence and one
 * that leans on it) and the first quotes of their own words, with the citations numbered 1..n for
 * this page. "Show quotes" under the page shows these citations.
 */
export function actorFirstPage(summary: ActorSummary): { key: CitedSentence[]; said: CitedSentence[]; citations: Citation[] } {
  const seen = new Set<string>();
  const about = unseen(summary.summary, seen);
  let keyCount = Math.min(KEY_SENTENCES, about.length);
  if (keyCount > 1 && leansOn(about[keyCount], about[keyCount - 1])) keyCount--;
  const key = about.slice(0, keyCount);
  const said = unseen(summary.said, seen).slice(0, OWN_WORDS);
  const { sentences, citations } = renumberCitations([...key, ...said], summary.citations);
  return { key: sentences.slice(0, key.length), said: sentences.slice(key.length), citations };
}

/**
 * The compact dossier (first page, under {@link ACTOR_FIRST_PAGE_CHARACTERS}): who they are (roles
 * merged), three key sentences and two quotes of their own words, each a cited verbatim quote, no
 * sentence twice, sources numbered 1..n. Buttons: Show quotes, More, What they said; a menu opens
 * a related actor.
 */
export function renderActorSummary(summary: ActorSummary, options: { key: string }): RenderedMessage {
  if (!summary.found || !summary.actor) return notFound(summary);
  const actor = summary.actor;
  const { key, said, citations } = actorFirstPage(summary);
  const blocks: DescriptionBlock[] = key.map((sentence) => ({ kind: 'line', line: citedLine(sentence), style: 'quote' }));
  if (said.length > 0) {
    blocks.push({ kind: 'heading', markdown: `**In ${escapeAndTruncate(actor.name, 80)}’s words**` });
    for (const sentence of said) blocks.push({ kind: 'line', line: citedLine(sentence), style: 'quote' });
  }
  const embed = buildCitedEmbed({
    title: `${actor.name} (${actor.kind})`,
    introMarkdown: introOf(summary),
    blocks,
    citations,
    footer: 'Every line quoted word for word from the articles',
    color: COLORS.actor,
    maxCharacters: ACTOR_FIRST_PAGE_CHARACTERS,
  });
  const allSeen = new Set<string>();
  const moreCount = unseen(summary.summary, allSeen).length - key.length + summary.roleEvidence.length;
  const saidCount = unseen(summary.said, allSeen).length;
  const buttons: APIButtonComponent[] = [];
  if (citations.length > 0) buttons.push({ type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: buttonIds.quotes(options.key), label: 'Show quotes' });
  if (moreCount > 0) buttons.push({ type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: buttonIds.actorPage('more', options.key), label: 'More' });
  if (saidCount > 0) buttons.push({ type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: buttonIds.actorPage('said', options.key), label: 'What they said' });
  const components: RenderedMessage['components'] = [];
  if (buttons.length > 0) components.push({ type: ComponentType.ActionRow, components: buttons });
  const related = relatedMenu(summary, options.key);
  if (related) components.push(related);
  return { embeds: [embed], components };
}

function relatedMenu(summary: ActorSummary, key: string): APIActionRowComponent<APIStringSelectComponent> | null {
  const values = new Set<string>();
  const options = [];
  for (const related of summary.related) {
    // The value is looked up again as a name: it must be whole (Discord allows 100 characters).
    if (related.name.length === 0 || related.name.length > DISCORD_LIMITS.selectOptionLabel || values.has(related.name)) continue;
    values.add(related.name);
    options.push({ label: truncatePlain(related.name, DISCORD_LIMITS.selectOptionLabel), value: related.name, description: `Named together in ${related.count} sentence${related.count === 1 ? '' : 's'}` });
    if (options.length === DISCORD_LIMITS.selectOptions) break;
  }
  if (options.length === 0) return null;
  return {
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.StringSelect, custom_id: buttonIds.relatedActor(key), placeholder: 'Related actors…', options }],
  };
}

/**
 * The second pages of a dossier, shown only to whoever clicked: "more" lists each role with the
 * sentence it comes from and the key sentences past the first three; "said" every quote of the
 * actor's own words.
 */
export function renderActorPage(summary: ActorSummary, page: 'more' | 'said'): RenderedMessage {
  if (!summary.found || !summary.actor) return notFound(summary);
  const actor = summary.actor;
  const seen = new Set<string>();
  const about = unseen(summary.summary, seen);
  const shownFirst = actorFirstPage(summary).key.length;
  // What the page shows, in order: a heading before some lines, a role before its sentence.
  const entries: { sentence: CitedSentence; heading?: string; style: 'quote' | 'bullet'; prefix?: string }[] = [];
  if (page === 'said') {
    for (const sentence of unseen(summary.said, seen)) entries.push({ sentence, style: 'quote' });
  } else {
    const rolesSeen = new Set<string>();
    const roles = summary.roleEvidence.filter((role) => !rolesSeen.has(role.sentence.text) && rolesSeen.add(role.sentence.text));
    roles.forEach((role, i) =>
      entries.push({ sentence: role.sentence, style: 'bullet', prefix: `• **${escapeAndTruncate(role.role, 120)}**: `, ...(i === 0 ? { heading: '**Roles**' } : {}) }),
    );
    about.slice(shownFirst).forEach((sentence, i) => entries.push({ sentence, style: 'quote', ...(i === 0 ? { heading: '**What else the sources say**' } : {}) }));
  }
  // Numbered 1..n for this page, whatever the first page cited.
  const { sentences, citations } = renumberCitations(
    entries.map((entry) => entry.sentence),
    summary.citations,
  );
  const blocks: DescriptionBlock[] = [];
  entries.forEach((entry, i) => {
    if (entry.heading) blocks.push({ kind: 'heading', markdown: entry.heading });
    blocks.push({ kind: 'line', line: citedLine(sentences[i]!), style: entry.style, ...(entry.prefix ? { prefixMarkdown: entry.prefix } : {}) });
  });
  const title = page === 'said' ? `What ${actor.name} said` : `${actor.name}: more`;
  const embed = buildCitedEmbed({
    title,
    ...(blocks.length === 0 ? { introMarkdown: 'Nothing more in the articles.' } : {}),
    blocks,
    citations,
    footer: 'Every line quoted word for word from the articles',
    color: COLORS.actor,
  });
  return { embeds: [embed], components: [] };
}

/** An autocomplete choice name: plain text (not markdown), at most 100 characters. */
export function autocompleteChoiceName(name: string, mentions: number): string {
  return truncatePlain(`${name} (${mentions})`, DISCORD_LIMITS.choiceName) || Array.from(name)[0] || '?';
}
