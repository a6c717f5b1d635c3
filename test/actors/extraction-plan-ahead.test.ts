/**
 * A warm spare works out the previous extractions' common words and who looked up which word
 * before its job (planExtractionAhead); the job's plan must then be exactly the cold plan: the
 * same common words, the same entries reused and the same documents read again.
 */
import { describe, expect, it } from 'vitest';
import { buildActorRegistryIncrementally, parseActorExtractions, planExtractionAhead, serializeActorExtractions } from '../../src/actors/index.js';
import { planExtraction, type ActorExtractions } from '../../src/actors/extractions.js';
import { processTexts } from './helpers.js';

/** Two independent copies of the saved extractions, as two builds would parse them. */
function savedTwice(extractions: ActorExtractions): [ActorExtractions, ActorExtractions] {
  const text = serializeActorExtractions(extractions)!;
  return [parseActorExtractions(text)!, parseActorExtractions(text)!];
}

const comparable = (plan: ReturnType<typeof planExtraction>) => ({
  commonWords: [...plan.commonWords].sort(),
  wordsOf: plan.wordsOf,
  reused: [...plan.reused.keys()].sort((a, b) => a - b),
  toRead: plan.toRead,
});

describe('the extraction plan worked out ahead', () => {
  const before = {
    inner: 'Inner Circle leaders met in Caracas on Monday.\n',
    talks: 'The talks were long and slow. Mayor Tom Banks said little.\n',
    harbour: 'Dock workers in Eastby walked out on Monday over pay.\n',
    gone: 'The old mill closed for good in March.\n',
    edited: 'Senator Ofelia Brandtmoor said the vote would wait.\n',
  };

  it('gives the cold plan after articles are added, changed and removed, words turning common and uncommon', () => {
    const first = buildActorRegistryIncrementally(processTexts(before), {});
    const [cold, warm] = savedTwice(first.extractions);
    planExtractionAhead(warm);
    const after = { ...before, edited: 'Senator Ofelia Brandtmoor said the vote would wait until June.\n', added: 'Nobody in the inner circle spoke. The river banks flooded.\n' } as Record<string, string>;
    delete after.gone;
    const documents = processTexts(after);
    const coldPlan = planExtraction(documents, cold);
    const warmPlan = planExtraction(documents, warm);
    expect(comparable(warmPlan)).toEqual(comparable(coldPlan));
    // The change made words common ('inner', 'circle', 'banks') and uncommon (the removed article's):
    // an unchanged document whose reading looked one up is read again, as the cold plan does.
    const docIdAt = (i: number) => documents[i]!.document.docId;
    expect(coldPlan.toRead.map(docIdAt)).toContain('inner');
    expect(coldPlan.toRead.map(docIdAt)).toContain('added');
    expect(coldPlan.reused.size).toBeGreaterThan(0);
  });

  it('is used once: a second plan on the same extractions is made cold, with the same result', () => {
    const first = buildActorRegistryIncrementally(processTexts(before), {});
    const [cold, warm] = savedTwice(first.extractions);
    planExtractionAhead(warm);
    const documents = processTexts({ ...before, added: 'The inner courtyard stayed shut.\n' });
    const firstPlan = comparable(planExtraction(documents, warm));
    expect(firstPlan).toEqual(comparable(planExtraction(documents, cold)));
    expect(comparable(planExtraction(documents, warm))).toEqual(firstPlan);
  });
});
