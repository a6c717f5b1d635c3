import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ANSWER_MODEL_FILE, AnswerModelError, parseAnswerModel, rankingWeights, shippedAnswerModel } from '../../src/answer/index.js';

const shipped = readFileSync(ANSWER_MODEL_FILE, 'utf8');

/** The shipped model's JSON with one change. */
function altered(change: (model: Record<string, any>) => void): string {
  const model = JSON.parse(shipped) as Record<string, any>;
  change(model);
  return JSON.stringify(model);
}

function messageOf(json: string): string {
  try {
    parseAnswerModel(json, 'model.json');
  } catch (error) {
    expect(error).toBeInstanceOf(AnswerModelError);
    return (error as Error).message;
  }
  throw new Error('the model was accepted');
}

describe('the answer model file', () => {
  it('ships a model that loads, weighs every listed feature and records where it came from', () => {
    const model = shippedAnswerModel();
    const weights = rankingWeights(model);
    for (const feature of model.features) expect(weights[feature], feature).toBeTypeOf('number');
    expect(model.provenance.squadSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(model.provenance.heldOut).length).toBeGreaterThan(0);
  });

  it.each([
    ['not JSON', '{ formatVersion: 1', /not valid JSON/],
    ['another format version', altered((m) => (m.formatVersion = 99)), /has format 99; this version reads 1/],
    ['a listed feature without a weight', altered((m) => delete m.ranking.weights.coverage), /feature "coverage" has no ranking weight/],
    ['a weight that is not a number', altered((m) => (m.confidence.weights.margin = 'high')), /not valid .*confidence\.weights\.margin/],
    ['no threshold', altered((m) => delete m.abstainBelow), /not valid .*abstainBelow/],
  ])('refuses %s with one line that says what to run', (_, json, reason) => {
    const message = messageOf(json);
    expect(message).toMatch(reason);
    expect(message).toMatch(/Run: npm run tune -- --squad FILE --write$/);
    expect(message).not.toContain('\n');
  });
});
