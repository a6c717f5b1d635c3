import type { ActorListing, ActorSummary } from '../actors/types.js';
import type { Answer, AnswerSentence } from '../answer/index.js';
import type { Citation, CitedSentence } from '../evidence/index.js';
import type { AuditEntry } from '../index/audit-log.js';
import type { BuildReport } from '../index/types.js';
import { describeSource } from '../evidence/index.js';
import type { AddReport, ModeratorStats, RemoveReport, SourceListing } from '../service/index.js';
import { oneLine } from './terminal-text.js';

/**
 * Terminal rendering. It formats the answer objects and never changes quoted text (the entry
 * point escapes control characters in everything it prints).
 */

/** "1 document", "5 documents". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * A source beneath the quotes, with the ranges a reader checks: those of the sentences quoted
 * from it (the citation's spans: answer, also-relevant and copies alike), not of the longer
 * passage the citation stands for.
 */
function sourceLine(citation: Citation): string {
  const details = [citation.source, citation.published?.slice(0, 10)].filter(Boolean).join(', ');
  const head = `[${citation.n}] ${citation.title}${details ? ` (${details})` : ''}`;
  const ranges = citation.spans.length > 0 ? citation.spans.map((span) => `${span.start}–${span.end}`) : [`${citation.start}–${citation.end}`];
  const location = `    ${citation.docId} chars ${ranges.join(', ')}`;
  return citation.url ? `${head}\n    ${citation.url}\n${location}` : `${head}\n${location}`;
}

/** "[1]", or "[1][3]" for a sentence that other sources (its copies) also carry. */
function markers(sentence: CitedSentence): string {
  return [sentence.citation, ...(sentence.copies ?? []).map((copy) => copy.citation)].map((n) => `[${n}]`).join('');
}

function quotedLines(sentences: CitedSentence[]): string {
  // A dash, not quotation marks: many quoted sentences already open or close with their own.
  return sentences.map((s) => `  – ${s.text} ${markers(s)}`).join('\n');
}

/** How the terminal marks a short answer: bold where the terminal shows it, nothing in a pipe. */
export type Emphasis = (text: string) => string;

/** ANSI bold, for a terminal. */
export const terminalBold: Emphasis = (text) => `\x1b[1m${text}\x1b[22m`;

/** A sentence with its short answer (the phrase that answers) emphasised; the text itself unchanged. */
function withAnswerSpan(sentence: AnswerSentence, emphasis: Emphasis): string {
  const span = sentence.answerSpan;
  if (!span || span.start < sentence.start || span.end > sentence.end) return sentence.text;
  const from = span.start - sentence.start;
  const to = span.end - sentence.start;
  return `${sentence.text.slice(0, from)}${emphasis(sentence.text.slice(from, to))}${sentence.text.slice(to)}`;
}

/** The answer for a terminal; `emphasis` marks each sentence's short answer (default: ANSI bold). */
export function renderAnswerText(answer: Answer, emphasis: Emphasis = terminalBold): string {
  const lines: string[] = [];
  if (answer.abstained && answer.possibleAnswer) {
    // The best sentence passed every check but confidence: offered as what it is, a possible answer.
    const [possible, ...related] = answer.sentences;
    lines.push('Possible answer (not a confident match):', quotedLines([possible!]));
    if (related.length > 0) lines.push('', 'Related reading (not an answer):', quotedLines(related));
  } else if (answer.abstained) {
    lines.push('The corpus does not say.');
    if (answer.sentences.length > 0) {
      lines.push('', 'Related reading (not an answer):', quotedLines(answer.sentences));
    }
  } else {
    // Reading order, each sentence followed by its citation marker.
    const ordered = [...answer.sentences].sort((a, b) => a.citation - b.citation || a.start - b.start);
    lines.push(ordered.map((s) => `${withAnswerSpan(s, emphasis)} ${markers(s)}`).join(' '));
    const alsoRelevant = answer.alsoRelevant ?? [];
    if (alsoRelevant.length > 0) lines.push('', 'Also relevant:', quotedLines(alsoRelevant));
  }
  if (answer.citations.length > 0) {
    lines.push('', 'Sources:', ...answer.citations.map(sourceLine));
  }
  // In words first: a figure reads as more certain than a static word-vector model can be.
  const confidence = answer.confidenceLabel ? `${answer.confidenceLabel} (confidence ${answer.confidence.toFixed(2)})` : `confidence ${answer.confidence.toFixed(2)}`;
  lines.push('', `${confidence} · ${answer.tookMs} ms${answer.generation ? ` · index ${answer.generation}` : ''}`);
  return lines.join('\n');
}

export function renderActorText(summary: ActorSummary): string {
  if (!summary.found || !summary.actor) {
    const hint = summary.suggestions.length > 0 ? ` Did you mean: ${summary.suggestions.join(', ')}?` : '';
    return `No actor matches “${summary.query}”.${hint}`;
  }
  const { actor } = summary;
  const lines = [
    `${actor.name} (${actor.kind}) — ${plural(actor.mentions, 'mention')} in ${plural(actor.docIds.length, 'document')}`,
  ];
  if (actor.aliases.length > 0) lines.push(`Also: ${actor.aliases.join(', ')}`);
  if (summary.roleEvidence.length > 0) {
    lines.push('', 'Roles:', ...summary.roleEvidence.map((r) => `  ${r.role} [${r.sentence.citation}]`));
  } else if (actor.roles.length > 0) {
    lines.push('', `Roles: ${actor.roles.join('; ')}`);
  }
  if (summary.summary.length > 0) lines.push('', 'What the sources say:', quotedLines(summary.summary));
  if (summary.said.length > 0) lines.push('', 'What they said:', quotedLines(summary.said));
  if (summary.related.length > 0) {
    lines.push('', `Related: ${summary.related.map((r) => `${r.name} (${r.count})`).join(', ')}`);
  }
  if (summary.citations.length > 0) lines.push('', 'Sources:', ...summary.citations.map(sourceLine));
  return lines.join('\n');
}

export function renderActorsText(actors: ActorListing[]): string {
  if (actors.length === 0) return 'No actors found in the index.';
  return actors.map((a, i) => `${String(i + 1).padStart(3)}. ${a.name} (${a.kind}) — ${plural(a.mentions, 'mention')}, ${plural(a.docIds.length, 'document')}`).join('\n');
}

export function renderSourcesText(sources: SourceListing[]): string {
  if (sources.length === 0) return 'The index holds no documents.';
  return sources
    .map((s) => {
      const details = [s.source, s.published?.slice(0, 10)].filter(Boolean).join(', ');
      return `${oneLine(s.docId)}  ${oneLine(s.title)}${details ? ` (${oneLine(details)})` : ''}\n    ${plural(s.passages, 'passage')}, ${plural(s.chars, 'character')}${s.url ? `, ${oneLine(s.url)}` : ''}`;
    })
    .join('\n');
}

export function renderBuildText(report: BuildReport): string {
  const lines = report.unchanged
    ? [
        `Nothing changed since the last build: ${plural(report.documents, 'document')}, ${plural(report.passages, 'passage')} (checked in ${report.tookMs} ms).`,
        `Model ${report.model} (${report.dims} dims); still serving generation ${report.generation}.`,
      ]
    : [
        `Indexed ${plural(report.documents, 'document')}, ${plural(report.passages, 'passage')} in ${report.tookMs} ms (${report.embedded} embedded, ${report.reused} reused).`,
        `Model ${report.model} (${report.dims} dims); serving generation ${report.generation}.`,
      ];
  for (const [label, ids] of [['added', report.added], ['changed', report.changed], ['removed', report.removed]] as const) {
    if (ids.length > 0) lines.push(`${label}: ${ids.join(', ')}`);
  }
  for (const skipped of report.skipped) lines.push(`skipped ${oneLine(skipped.file)}: ${oneLine(skipped.reason)}`);
  return lines.join('\n');
}

/** The audit log, one line per rebuild attempt, oldest first. */
export function renderAuditText(entries: readonly AuditEntry[]): string {
  if (entries.length === 0) return 'No rebuild has been recorded yet.';
  const count = (value: number | null) => (value === null ? '-' : String(value));
  return entries
    .map((e) => {
      const documents = `docs ${count(e.documents)} (+${count(e.added)} ~${count(e.changed)} -${count(e.removed)}, ${count(e.skipped)} skipped)`;
      const articles = (e.articles ?? []).map((article) => `\n    ${article.change} ${article.docId}${article.url ? ` from ${article.url}` : article.input !== article.docId ? ` from ${article.input}` : ''}`).join('');
      return `${e.time}  ${e.outcome.padEnd(7)}  by ${e.requestedBy}${e.force ? ' (forced)' : ''}  ${documents}  ${e.durationMs} ms${e.generation ? `  ${e.generation}` : ''}${e.reason ? `\n    ${e.reason}` : ''}${articles}`;
    })
    .join('\n');
}

/** What `npm run add` did: each article added or updated, each input refused and why, the generation. */
export function renderAddText(report: AddReport): string {
  const lines = report.added.map(
    (article) => `${article.updated ? 'Updated' : 'Added'} ${describeSource(article)} as ${article.docId} (${article.file})${article.url ? `\n    ${article.url}` : ''}`,
  );
  for (const skipped of report.skipped) lines.push(`Not added: ${skipped.reason}`);
  lines.push(report.added.length > 0 ? `Now serving generation ${report.generation}.` : `Nothing added; still serving ${report.generation ?? 'no index yet'}.`);
  return lines.join('\n');
}

/** What `npm run remove` did. */
export function renderRemoveText(report: RemoveReport): string {
  return `Removed ${report.removed.join(', ')}. Now serving generation ${report.generation}.`;
}

/** `npm run stats`: the unanswered questions (most asked first), the answers voted down, the votes. */
export function renderStatsText(stats: ModeratorStats): string {
  const lines: string[] = [];
  lines.push(stats.unanswered.length === 0 ? 'No unanswered questions recorded.' : 'Questions the articles could not answer (most asked first):');
  for (const entry of stats.unanswered) lines.push(`  ${String(entry.count).padStart(4)}×  ${entry.question}  (last ${entry.lastAskedAt})`);
  lines.push('');
  lines.push(stats.downvoted.length === 0 ? 'No answers voted down.' : 'Answers voted down (most 👎 first):');
  for (const entry of stats.downvoted) lines.push(`  👎 ${entry.down} 👍 ${entry.up}  ${entry.question}`);
  lines.push('');
  lines.push(`Votes: 👍 ${stats.votes.up} · 👎 ${stats.votes.down} · ${plural(stats.votes.total, 'vote')} in total`);
  if (stats.votes.unreadable > 0) lines.push(`${plural(stats.votes.unreadable, 'unreadable line')} in the feedback and unanswered files.`);
  return lines.join('\n');
}
