import { isStopWord } from '../../text/index.js';
import { seededRandom } from './synthetic-corpus.js';

const TEMPLATES: ReadonlyArray<(w: string[]) => string> = [
  (w) => `What did ${w[0]} say about ${w[1]}?`,
  (w) => `Who ${w[0]} the ${w[1]} ${w[2]}?`,
  (w) => `What happened to the ${w[0]} ${w[1]}?`,
  (w) => `Why did ${w[0]} ${w[1]} ${w[2]}?`,
  (w) => `When was the ${w[0]} ${w[1]}?`,
  (w) => `How many ${w[0]} ${w[1]}?`,
  (w) => `What is the ${w[0]} of ${w[1]} ${w[2]}?`,
  (w) => `Where did the ${w[0]} ${w[1]} ${w[2]}?`,
];

/**
 * A fixed question set about a corpus: each question is a template around content words of one
 * corpus sentence, in their order, as a reader who had skimmed the article might ask. The same
 * sentences and seed give the same questions.
 */
export function buildQuestions(sentences: readonly string[], count: number, seed = 7): string[] {
  const random = seededRandom(seed);
  const questions: string[] = [];
  const pool = [...sentences];
  for (let i = 0; questions.length < count && pool.length > 0; i++) {
    const sentence = pool.splice(Math.floor(random() * pool.length), 1)[0]!;
    const content = (sentence.match(/[\p{L}][\p{L}'’-]*/gu) ?? []).filter((word) => word.length > 3 && !isStopWord(word.toLowerCase()));
    if (content.length < 3) continue;
    const start = Math.floor(random() * (content.length - 2));
    const words = content.slice(start, start + 3);
    questions.push(TEMPLATES[i % TEMPLATES.length]!(words));
  }
  return questions;
}
