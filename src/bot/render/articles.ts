import { describeSource } from '../../evidence/index.js';
import type { AddReport, RemoveReport, SourceListing } from '../../service/index.js';
import { COLORS } from './answer.js';
import { DISCORD_LIMITS, type RenderedMessage } from './limits.js';
import { escapeAndTruncate, escapeDocId, safeLink } from './markdown.js';


/** Whole lines (each already escaped) up to `max` characters, and how many did not fit. */
function linesWithin(lines: readonly string[], max: number): string {
  const kept: string[] = [];
  let length = 0;
  for (const [index, line] of lines.entries()) {
    const more = `…and ${lines.length - index} more`;
    if (length + line.length + 1 + more.length > max && index < lines.length - 1) {
      kept.push(more);
      break;
    }
    kept.push(line);
    length += line.length + 1;
  }
  return kept.join('\n');
}

/** The reply to /add and to "Add article to Verbatim": what was added or updated, and what was refused and why. */
export function renderAddReport(report: AddReport): RenderedMessage {
  if (report.added.length === 0) {
    const reasons = report.skipped.map((skipped) => skipped.reason);
    return { content: escapeAndTruncate(`Nothing added. ${reasons.join(' ')}`, DISCORD_LIMITS.content), embeds: [], components: [] };
  }
  const lines = report.added.map((article) => {
    const url = safeLink(article.url, 500);
    const title = escapeAndTruncate(describeSource(article), 300);
    const shown = url ? `[${title}](${url})` : `**${title}**`;
    return `${article.updated ? 'Updated' : 'Added'} ${shown}`;
  });
  const skipped = report.skipped.map((item) => `Not added: ${escapeAndTruncate(item.reason, 400)}`);
  const counted = report.added.length === 1 ? 'the article' : `${report.added.length} articles`;
  return {
    content: `Done: ${counted} can be asked about now.`,
    embeds: [
      {
        title: report.added.length === 1 ? 'Article added' : 'Articles added',
        color: skipped.length > 0 ? COLORS.notice : COLORS.answer,
        description: linesWithin([...lines, ...skipped], DISCORD_LIMITS.embedDescription),
      },
    ],
    components: [],
  };
}

/** The reply to /remove. */
export function renderRemoveReport(report: RemoveReport): RenderedMessage {
  const ids = report.removed.map((docId) => `\`${escapeDocId(docId, 100)}\``).join(', ');
  return { content: `Removed ${ids}: it can no longer be asked about.`.slice(0, DISCORD_LIMITS.content), embeds: [], components: [] };
}

/** An autocomplete choice for a served source: its source line as the name, its docId as the value. */
export function sourceChoice(source: SourceListing): { name: string; value: string } {
  const name = `${describeSource(source)} (${source.docId})`;
  return { name: name.length <= 100 ? name : `${name.slice(0, 99)}…`, value: source.docId.slice(0, 100) };
}
