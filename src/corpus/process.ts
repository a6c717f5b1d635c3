import { buildPassages, type PassageOptions } from './passages.js';
import { layoutParagraphs } from './paragraphs.js';
import { splitSentenceSpans } from './sentences.js';
import type { CorpusDocument, Paragraph, ProcessedDocument, Sentence } from './types.js';

/** How a file's paragraphs are read, from its extension: Markdown rules for `.md`, lines otherwise. */
export function formatOf(file: string): 'txt' | 'md' {
  return /\.(?:md|markdown)$/i.test(file) ? 'md' : 'txt';
}

/**
 * Finds a document's paragraphs, sentences and passages. Boilerplate lines are left out of all
 * three; every offset still points into the untouched `document.text`, so
 * `document.text.slice(start, end) === text` holds for each sentence and passage.
 */
export function processDocument(document: CorpusDocument, options: PassageOptions = {}): ProcessedDocument {
  const { text, docId } = document;
  const format = document.format ?? formatOf(document.file);
  const layout = layoutParagraphs(text, document.contentStart ?? 0, format);

  const paragraphs: Paragraph[] = [];
  const sentences: Sentence[] = [];
  for (const span of layout.paragraphs) {
    const spans = splitSentenceSpans(text, span.start, span.end);
    if (spans.length === 0) continue;
    const paragraph = paragraphs.length;
    paragraphs.push({ index: paragraph, start: span.start, end: span.end });
    for (const { start, end } of spans) {
      sentences.push({ docId, index: sentences.length, paragraph, start, end, text: text.slice(start, end) });
    }
  }

  return {
    document,
    sentences,
    passages: buildPassages(docId, text, sentences, options),
    paragraphs,
    boilerplate: layout.boilerplate,
  };
}
