import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { UserError } from '../config/index.js';

/** The format of `answer-model.json` this version reads; a refit that changes the shape bumps it. */
export const ANSWER_MODEL_FORMAT_VERSION = 1;

/**
 * The embedders an answer model is fitted for: a similarity of 0.4 means something else to a
 * transformer than to averaged GloVe vectors, so each has its own fit.
 */
export type AnswerModelFamily = 'pretrained' | 'embedded';

/** Where the shipped answer models live, beside this file. */
export const ANSWER_MODEL_FILES: Readonly<Record<AnswerModelFamily, string>> = {
  pretrained: fileURLToPath(new URL('./answer-model.json', import.meta.url)),
  embedded: fileURLToPath(new URL('./answer-model.embedded.json', import.meta.url)),
};

/** The default model's file (the pretrained encoder's fit). */
export const ANSWER_MODEL_FILE = ANSWER_MODEL_FILES.pretrained;

/** Which fit answers for an embedder: the GloVe model's (and the tests' hashing embedder's), or the transformers'. */
export function answerModelFamily(embedderId: string): AnswerModelFamily {
  return /^(verbatim-glove|hashing-)/.test(embedderId) ? 'embedded' : 'pretrained';
}

const weights = z.record(z.string(), z.number().finite());

const answerModelSchema = z
  .object({
    formatVersion: z.literal(ANSWER_MODEL_FORMAT_VERSION),
    /**
     * How many passages the ranking was fitted to read, and the per-document cap: its candidates;
     * the lexical score's weight in the retrieval blend (absent: the retriever's own, set for GloVe).
     */
    retrieval: z.object({ passages: z.number().int().min(1), perDocumentCap: z.number().int().min(1), lexicalWeight: z.number().min(0).max(1).optional() }),
    /** Every feature the ranking reads, in the order the tuning fits them. */
    features: z.array(z.string().min(1)).min(1),
    ranking: z.object({
      /** Fitted weights of the ranking's linear score. */
      weights,
      /** Weights set by hand, not fitted: what the tuning data cannot show (SQuAD has no headlines). */
      priors: weights,
    }),
    /** A logistic model of "the best sentence answers the question", over its features and the question's own. */
    confidence: z.object({ bias: z.number().finite(), weights }),
    /** Below this confidence the answer stage abstains. */
    abstainBelow: z.number().min(0).max(1),
    /**
     * From this confidence an answer is called a "strong match" (fitted so that held-out answers
     * so called are right at least 85% of the time), and a "partial match" (right about half the time).
     * Absent: 0.8 and 0.5.
     */
    labels: z.object({ strong: z.number().min(0).max(1), partial: z.number().min(0).max(1) }).optional(),
    /** The judge's evidence checks beyond the confidence model (absent: the judge's defaults). */
    evidenceChecks: z
      .object({ focusSimilarity: z.number().finite(), namedFocus: z.boolean(), names: z.enum(['sentence', 'around', 'document', 'anywhere']), answerValue: z.boolean() })
      .optional(),
    /** A runner-up within this much of the best sentence's score is shown as also relevant. */
    alsoRelevantMargin: z.number().min(0).finite(),
    /** Where the numbers came from and how they did on questions they were not fitted on. */
    provenance: z
      .object({
        tool: z.string(),
        squadFile: z.string().optional(),
        squadSha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
        feedbackFile: z.string().optional(),
        fittedOn: z.string(),
        heldOut: z.record(z.string(), z.number()),
      })
      .loose(),
  })
  .check((ctx) => {
    const model = ctx.value;
    for (const feature of model.features) {
      if (!(feature in model.ranking.weights) && !(feature in model.ranking.priors)) {
        ctx.issues.push({ code: 'custom', message: `feature "${feature}" has no ranking weight or prior`, input: model, path: ['ranking'] });
      }
    }
    for (const name of [...Object.keys(model.ranking.weights), ...Object.keys(model.ranking.priors)]) {
      if (!model.features.includes(name)) ctx.issues.push({ code: 'custom', message: `ranking weight "${name}" is not a listed feature`, input: model, path: ['features'] });
    }
  });

/** The learned answer model: ranking weights, confidence model, threshold and their provenance. */
export type AnswerModel = z.infer<typeof answerModelSchema>;

/** A model file that cannot be used; the message is one line that says what to run. */
export class AnswerModelError extends UserError {
  override name = 'AnswerModelError';
  constructor(message: string) {
    super('answer-model', message);
  }
}

const REFIT = 'Run: npm run tune -- --squad FILE --write';

/** Checks a parsed model file; throws an {@link AnswerModelError} saying what is wrong and what to run. */
export function parseAnswerModel(json: string, file = ANSWER_MODEL_FILE): AnswerModel {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new AnswerModelError(`The answer model ${file} is not valid JSON. ${REFIT}`);
  }
  const version = (data as { formatVersion?: unknown } | null)?.formatVersion;
  if (version !== ANSWER_MODEL_FORMAT_VERSION) {
    throw new AnswerModelError(`The answer model ${file} has format ${String(version)}; this version reads ${ANSWER_MODEL_FORMAT_VERSION}. ${REFIT}`);
  }
  const parsed = answerModelSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new AnswerModelError(`The answer model ${file} is not valid (${issue.message}${where}). ${REFIT}`);
  }
  return parsed.data;
}

/** Reads and checks a model file. */
export function loadAnswerModel(file = ANSWER_MODEL_FILE): AnswerModel {
  let json: string;
  try {
    json = readFileSync(file, 'utf8');
  } catch {
    throw new AnswerModelError(`No answer model at ${file}. ${REFIT}`);
  }
  return parseAnswerModel(json, file);
}

const shipped = new Map<AnswerModelFamily, AnswerModel>();

/** The model shipped beside this file for a family of embedders, read once. */
export function shippedAnswerModel(family: AnswerModelFamily = 'pretrained'): AnswerModel {
  let model = shipped.get(family);
  if (!model) shipped.set(family, (model = loadAnswerModel(ANSWER_MODEL_FILES[family])));
  return model;
}

/** The ranking's weight of every feature: fitted weights and priors together. */
export function rankingWeights(model: AnswerModel): Readonly<Record<string, number>> {
  return { ...model.ranking.weights, ...model.ranking.priors };
}
