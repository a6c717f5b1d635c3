import { readFileSync } from 'node:fs';
import { createEmbedder } from '../src/embedding/index.js';
import { loadServedGeneration } from '../src/index/index.js';
import { createAnswerer } from '../src/answer/index.js';
async function main() {
  const embedder = await createEmbedder({ model: process.argv[2]!, modelsDir: 'models', allowRemoteModels: false, sources: ['models', 'embedded'] });
  const generation = await loadServedGeneration(process.argv[3]!, embedder);
  const answerer = createAnswerer(generation, embedder, { maxQuestionChars: 500, passages: Number(process.argv[4] ?? 8), perDocumentCap: Number(process.argv[5] ?? 4) });
  for (const line of readFileSync('/tmp/heldout/questions.jsonl', 'utf8').trim().split('\n')) {
    const q = JSON.parse(line);
    const t = await answerer.trace(q.question);
    const pos = q.expect ? t.ranked.findIndex((r) => r.sentence.text.toLowerCase().includes(q.expect.toLowerCase())) : -2;
    console.log(q.id, t.judgement.reason, t.judgement.confidence.toFixed(2), 'goldRank', pos, 'retrieved', t.retrieved.length, 'sim', t.ranked[0]?.similarity.toFixed(2));
  }
}
main();
