import { createEmbedder } from '../src/embedding/index.js';
import { loadConfig } from '../src/config/index.js';
import { createVerbatimService } from '../src/service/index.js';
async function main() {
  const model = process.argv[2] ?? 'all-MiniLM-L6-v2';
  const embedder = await createEmbedder({ model, modelsDir: 'models', allowRemoteModels: false, sources: ['models', 'embedded'] });
  const service = createVerbatimService(loadConfig({ CORPUS_DIR: 'corpus', INDEX_DIR: `/tmp/lat-index-${model}` }), { embedder, log: () => {} });
  const qs = ['Who heads the Cartel de los Soles?', 'How many boats were struck?', 'Why did the US deploy warships?', 'What did Maduro say about the strikes?', 'When was the designation announced?', 'Who won the 2022 World Cup?', 'What is the capital of Venezuela?', 'How did oil prices react?', 'Which aircraft carrier was sent?', 'What does Trump want from Maduro?'];
  await service.ask(qs[0]!);
  for (const q of qs) await service.ask(q);
  const t: number[] = [];
  for (let pass = 0; pass < 2; pass++) for (const q of qs) { const s = performance.now(); await service.ask(q); t.push(performance.now() - s); }
  t.sort((a, b) => a - b);
  console.log(model, 'warm p50', t[Math.floor(t.length / 2)]!.toFixed(1), 'p95', t[Math.floor(t.length * 0.95)]!.toFixed(1));
  const s = performance.now(); for (let i = 0; i < 20; i++) await embedder.embed(['Who heads the Cartel de los Soles? ' + i]); console.log('question embed ms', ((performance.now() - s) / 20).toFixed(1));
}
main();
