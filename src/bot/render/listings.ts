import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';
import type { ActorListing } from '../../actors/types.js';
import type { BuildProgress, BuildReport } from '../../index/types.js';
import type { ModeratorStats, SourceListing } from '../../service/index.js';
import { buttonIds } from '../button-ids.js';
import { COLORS } from './answer.js';
import { DISCORD_LIMITS, type RenderedMessage } from './limits.js';
import { escapeAndTruncate, safeLink } from './markdown.js';

export const SOURCES_PER_PAGE = 8;
export const ACTORS_PER_PAGE = 20;

function pageButtons(listing: 'sources' | 'actors', page: number, pages: number): APIActionRowComponent<APIButtonComponent>[] {
  if (pages <= 1) return [];
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: buttonIds.page(listing, page - 1), label: '◀ Previous', disabled: page <= 0 },
        { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: buttonIds.page(listing, page + 1), label: 'Next ▶', disabled: page >= pages - 1 },
      ],
    },
  ];
}

function clampPage(page: number, pages: number): number {
  if (!Number.isInteger(page) || page < 0) return 0;
  return Math.min(page, Math.max(0, pages - 1));
}

/** One page of the indexed documents, with Previous/Next buttons when there is more than one page. */
export function renderSourcesPage(sources: readonly SourceListing[], requestedPage: number): RenderedMessage {
  const pages = Math.max(1, Math.ceil(sources.length / SOURCES_PER_PAGE));
  const page = clampPage(requestedPage, pages);
  const slice = sources.slice(page * SOURCES_PER_PAGE, (page + 1) * SOURCES_PER_PAGE);
  const lines = slice.map((source, index) => {
    const number = page * SOURCES_PER_PAGE + index + 1;
    const details = [source.source, source.published?.slice(0, 10)].filter((part): part is string => Boolean(part));
    const url = safeLink(source.url, 300);
    const link = url ? ` · [link](${url})` : '';
    return (
      `**${number}.** ${escapeAndTruncate(source.title || source.docId, 200)}` +
      (details.length > 0 ? ` — ${escapeAndTruncate(details.join(' · '), 120)}` : '') +
      `\n\u2003${source.passages} passages · ${source.chars} characters${link}`
    );
  });
  return {
    embeds: [
      {
        title: `Sources (${sources.length} document${sources.length === 1 ? '' : 's'})`,
        description: lines.length > 0 ? lines.join('\n') : 'The index holds no documents yet. A moderator can run `/reindex`.',
        color: COLORS.actor,
        footer: { text: `Page ${page + 1} of ${pages}` },
      },
    ],
    components: pageButtons('sources', page, pages),
  };
}

/** One page of actors, most mentioned first. */
export function renderActorsPage(actors: readonly ActorListing[], requestedPage: number): RenderedMessage {
  const pages = Math.max(1, Math.ceil(actors.length / ACTORS_PER_PAGE));
  const page = clampPage(requestedPage, pages);
  const slice = actors.slice(page * ACTORS_PER_PAGE, (page + 1) * ACTORS_PER_PAGE);
  const lines = slice.map(
    (actor, index) =>
      `**${page * ACTORS_PER_PAGE + index + 1}.** ${escapeAndTruncate(actor.name, 120)} · ${actor.kind} · ${actor.mentions} mention${actor.mentions === 1 ? '' : 's'}`,
  );
  return {
    embeds: [
      {
        title: 'Actors, most mentioned first',
        description: lines.length > 0 ? `${lines.join('\n')}\n\nUse \`/actor name\` for what the articles say about one of them.` : 'No actors found in the index.',
        color: COLORS.actor,
        footer: { text: `Page ${page + 1} of ${pages}` },
      },
    ],
    components: pageButtons('actors', page, pages),
  };
}

/** What `/help` shows; the moderator commands only to a moderator (`forModerator`). */
export function renderHelp(maxQuestionChars: number, options: { forModerator: boolean } = { forModerator: false }): RenderedMessage {
  const moderatorLines = options.forModerator
    ? [
        '',
        '**For moderators**',
        '**/reindex**: rebuild the index from the corpus folder.',
        '**/add** `url` or `file`: add an article from a link or an .html, .txt or .md upload; **/remove** `source`: take one out. On a message with a link: Apps → **Add article to Verbatim**.',
        '**/stats**: the questions the articles could not answer (most asked first), the answers voted down, and the votes.',
      ]
    : [];
  return {
    embeds: [
      {
        title: 'Verbatim: answers in the articles’ own words',
        color: COLORS.actor,
        description: [
          'Every answer is made of sentences copied exactly from the indexed news articles, each with a numbered source. Nothing is paraphrased or generated; when the articles do not answer, I say so.',
          '',
          `**/ask** \`question\`: an answer with citations (up to ${maxQuestionChars} characters); \`private:true\` shows it only to you. “Show quotes” reveals each cited passage.`,
          '**/actor** `name`: who a person, organisation or country is and what they said; More, What they said and related actors are a click away.',
          '**/actors**: the most mentioned actors.',
          '**/sources**: the articles in the index.',
          '**Check with Verbatim** (right-click a message → Apps): what the articles say about the claim in it, shown to you, with a button to share it.',
          '',
          'You can also mention me (or my role) with a question, reply to one of my answers, or write to me directly. A short follow-up such as “What about Cabello?” or “What did he say?” is read in the context of your previous question (or of the answer you reply to), and I say how I took it.',
          ...moderatorLines,
        ].join('\n'),
      },
    ],
    components: [],
  };
}

/** A line for the `/reindex` message while the build runs. */
export function renderReindexProgress(progress: BuildProgress): RenderedMessage {
  const percent = progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 0;
  const filled = Math.round(percent / 10);
  return {
    content: `Reindexing… ${progress.phase} ${progress.done}/${progress.total} [${'█'.repeat(filled)}${'░'.repeat(10 - filled)}] ${percent}%`,
    embeds: [],
    components: [],
  };
}

/** The final statistics of `/reindex`. */
export function renderReindexReport(report: BuildReport): RenderedMessage {
  const list = (names: string[]) => (names.length === 0 ? 'none' : escapeAndTruncate(names.join(', '), 300));
  const skipped = report.skipped.map((file) => `${file.file}: ${file.reason}`);
  const fields = [
    { name: 'Documents', value: String(report.documents), inline: true },
    { name: 'Passages', value: String(report.passages), inline: true },
    { name: 'Took', value: `${(report.tookMs / 1000).toFixed(1)} s`, inline: true },
    { name: 'Embedded / reused', value: `${report.embedded} / ${report.reused}`, inline: true },
    { name: 'Model', value: escapeAndTruncate(`${report.model} (${report.dims} dims)`, 200), inline: true },
    { name: 'Added', value: list(report.added) },
    { name: 'Changed', value: list(report.changed) },
    { name: 'Removed', value: list(report.removed) },
  ];
  if (skipped.length > 0) fields.push({ name: 'Skipped', value: escapeAndTruncate(skipped.join('\n'), DISCORD_LIMITS.fieldValue) });
  return {
    content: 'Reindex finished.',
    embeds: [
      {
        title: 'The index is rebuilt',
        color: COLORS.answer,
        fields,
      },
    ],
    components: [],
  };
}

/**
 * `/stats`: the questions the articles could not answer, most asked first (the articles to add
 * next), the answers voted down, and the votes. Shown to the moderator who asked only.
 */
export function renderModeratorStats(stats: ModeratorStats): RenderedMessage {
  const day = (time: string) => time.slice(0, 10);
  const unanswered = stats.unanswered.map((entry) => `• ${escapeAndTruncate(entry.question, 200)} — ${entry.count}× · last ${day(entry.lastAskedAt)}`);
  const downvoted = stats.downvoted.map((entry) => `• ${escapeAndTruncate(entry.question, 200)} — 👎 ${entry.down} · 👍 ${entry.up}`);
  const { votes } = stats;
  const fields = [
    { name: 'Questions nobody could answer', value: unanswered.length > 0 ? linesUpTo(unanswered, DISCORD_LIMITS.fieldValue) : 'None recorded.' },
    { name: 'Answers voted down', value: downvoted.length > 0 ? linesUpTo(downvoted, DISCORD_LIMITS.fieldValue) : 'None.' },
  ];
  const description =
    `👍 ${votes.up} · 👎 ${votes.down} · ${votes.total} vote${votes.total === 1 ? '' : 's'} in total` +
    (votes.unreadable > 0 ? `\n${votes.unreadable} unreadable line${votes.unreadable === 1 ? '' : 's'} in the files.` : '');
  return { embeds: [{ title: 'Stats', description, color: COLORS.notice, fields }], components: [] };
}

/** Whole lines up to `max` characters, with "…and n more" when some do not fit. */
function linesUpTo(lines: readonly string[], max: number): string {
  const kept: string[] = [];
  let length = 0;
  for (const [index, line] of lines.entries()) {
    const more = `…and ${lines.length - index} more`;
    if (length + line.length + 1 > max - (index < lines.length - 1 ? more.length + 1 : 0)) {
      kept.push(more);
      break;
    }
    kept.push(line);
    length += line.length + 1;
  }
  return kept.join('\n');
}
