import { expect } from 'vitest';
import { ArticleRefusedError } from '../../src/corpus/index.js';

/** The one-line message an article refusal carries; fails the test if the promise did not refuse. */
export async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ArticleRefusedError);
  const message = (error as Error).message;
  expect(message.split('\n')).toHaveLength(1);
  return message;
}
