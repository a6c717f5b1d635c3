/**
 * FUTURE_CUE: what a sentence needs to answer "When will…?". Written for the tests, on the forms
 * news uses for what is still to come and on look-alikes that speak of the past or of a cause.
 */
import { describe, expect, it } from 'vitest';
import { FUTURE_CUE } from '../../src/text/index.js';

describe('FUTURE_CUE', () => {
  it.each([
    'Engineers expect it to be running again by Friday.',
    'The ferry will not sail until at least March 12.',
    'Talks are due to resume on Monday.',
    'The vote is scheduled for June.',
    'The company plans to reopen the branch.',
    'Sky announced products to be available in 2016.',
    'The council said the road would reopen next week.',
    // A timetable told in the present.
    'The Harbour Lights opens in cinemas across the country in February.',
    'Service resumes on Monday.',
  ])('finds what is still to come in "%s"', (sentence) => {
    expect(FUTURE_CUE.test(sentence)).toBe(true);
  });

  it.each([
    'The plant tripped on Tuesday evening after a pump failed.',
    'A coal unit has been shut since May for scheduled maintenance.',
    'Flights were delayed due to a strike.',
    'The bridge was built by a Dutch firm in 1931.',
    'The museum opened in February.',
  ])('finds none in "%s"', (sentence) => {
    expect(FUTURE_CUE.test(sentence)).toBe(false);
  });
});
