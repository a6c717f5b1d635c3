import { describe, expect, it } from 'vitest';
import { detectBoilerplateLine } from '../../src/corpus/index.js';
import { processText, sentenceTexts } from './helpers.js';

describe('detectBoilerplateLine', () => {
  it('recognises copyright lines of any outlet and year', () => {
    for (const line of [
      '© 2025 Newsmax. All rights reserved.',
      '©2019 The Daily Planet',
      'Copyright 2024 Reuters. All Rights Reserved',
      'Copyright © 2023 by Example Media Group',
      '(c) 2022 Acme News Ltd.',
      'Example Gazette Inc. All rights reserved.',
    ]) {
      expect(detectBoilerplateLine(line), line).toBe('copyright');
    }
  });

  it('recognises comment prompts and previous/next navigation', () => {
    for (const line of ['Leave a Reply', 'Leave a comment', 'Post a Comment', '12 Comments', 'Join the conversation']) {
      expect(detectBoilerplateLine(line), line).toBe('comment-prompt');
    }
    for (const line of ['Previous post', 'Next post', 'Next post » Oil talks resume', 'Previous article – Sanctions explained', 'Next article: Oil prices slump', '« Previous Post', 'Older posts', 'Related: Why sanctions fail', 'Read more', 'READ MORE: The cartel explained', 'See also']) {
      expect(detectBoilerplateLine(line), line).toBe('navigation');
    }
  });

  it('recognises photo captions: wire slugs, trailing photo credits and caption labels', () => {
    for (const line of [
      'TOPSHOT – Protesters march in Caracas on May 1, 2024.',
      'TOPSHOTS-VENEZUELA-POLITICS',
      'FILE PHOTO: Venezuela’s President speaks in Caracas, Venezuela, June 1, 2024.',
      'Soldiers parade in Caracas on July 5. Thousands watched the ceremony from the stands. (Photo by Ana Pérez / AFP via Getty Images)',
      'The president waves to supporters. (AP Photo/Ariana Cubillos)',
      'A tanker off the coast. (Photo: Reuters)',
      'Featured image: The presidential palace at dusk, public domain',
      'Cover photo: Oil rigs in the Orinoco belt',
      'Photo credit: Jane Doe',
      'Pictured: the defence minister in 2019',
    ]) {
      expect(detectBoilerplateLine(line), line).toBe('photo-caption');
    }
  });

  it('recognises photo credit lines', () => {
    for (const line of ['AFP via Getty Images', 'Juan Barreto/AFP via Getty Images', 'Getty Images', 'Reuters/Leonardo Fernandez Viloria', 'AP Photo/Matias Delacroix', 'Photo by Jane Doe', 'Courtesy of the White House']) {
      expect(detectBoilerplateLine(line), line).toBe('photo-credit');
    }
  });

  it('recognises embedded social-media posts and their signatures', () => {
    for (const line of [
      'The minister just landed in Havana. pic.twitter.com/Ab12Cd34',
      'Watch the moment the crowd cheered https://t.co/xYz987',
      '— The Associated Press (@AP) November 16, 2025',
      '— Jane Reporter (@janereports) 3 March 2024',
      '- Some Account (@some_account)',
      'A post shared by Example News (@examplenews)',
      'View this post on Instagram',
    ]) {
      expect(detectBoilerplateLine(line), line).toBe('social-embed');
    }
  });

  it('recognises share and subscribe prompts and bare links', () => {
    for (const line of ['Share this article', 'Share on Facebook', 'Click to share on X (Opens in new window)', 'Subscribe to our newsletter', 'Sign up for the Morning Brief', 'Follow us on Telegram', 'Advertisement', 'Story continues below advertisement', 'Tweet']) {
      expect(detectBoilerplateLine(line), line).toBe('share-prompt');
    }
    expect(detectBoilerplateLine('https://example.com/news/venezuela-story')).toBe('link');
  });

  it('keeps ordinary article sentences that merely mention the same words', () => {
    for (const line of [
      '“We never trusted Getty Images or anyone else with our archive,” the curator said.',
      'He sold the photos to Getty Images.',
      'The agency AFP reported the strike first, citing two officials.',
      'Copyright law in Venezuela has not changed since 1993.',
      'The Copyright Office declined to comment.',
      'Related charges were filed against Cabello in 2020.',
      'Next year the previous post of ambassador will be abolished, the ministry said.',
      'Share prices in Caracas fell 3.5% on Monday.',
      'Subscribers to the state channel saw the speech live.',
      'Photos of the rally spread quickly on social media.',
      'The Associated Press reported the call on November 16, 2025.',
      'Maduro said the comments were lies.',
      'Next post-election talks collapsed in Barbados.',
      'Related-party deals enriched the generals.',
      'Trending down for a decade, oil output kept falling.',
    ]) {
      expect(detectBoilerplateLine(line), line).toBeNull();
    }
  });
});

describe('boilerplate in a document', () => {
  const invented = [
    'Oil Minister Resigns Amid Probe',
    'TOPSHOT – The minister leaves court in Caracas on March 3, 2025. (Photo by Ana Pérez / AFP via Getty Images)',
    'AFP via Getty Images',
    'The oil minister resigned on Monday. He denied wrongdoing.',
    'Breaking: the minister speaks. pic.twitter.com/Q1w2E3r4',
    '— Example Wire (@examplewire) March 3, 2025',
    'Share this article',
    'Prosecutors said the probe would continue.',
    'Featured image: The ministry building, public domain',
    '© 2025 Example Wire. All rights reserved.',
    'Leave a Reply',
  ].join('\n');

  it('excludes every boilerplate line from sentences and passages without moving offsets', () => {
    const { document, sentences, passages, boilerplate } = processText(invented);
    expect(sentences.map((s) => s.text)).toEqual([
      'Oil Minister Resigns Amid Probe',
      'The oil minister resigned on Monday.',
      'He denied wrongdoing.',
      'Prosecutors said the probe would continue.',
    ]);
    for (const s of sentences) expect(invented.slice(s.start, s.end)).toBe(s.text);
    expect(passages.map((p) => p.text).join(' ')).not.toMatch(/Getty|twitter|@examplewire|Share this|Featured|©|Leave a Reply/);
    expect(boilerplate?.map((b) => b.kind)).toEqual([
      'photo-caption', 'photo-credit', 'social-embed', 'social-embed', 'share-prompt', 'photo-caption', 'copyright', 'comment-prompt',
    ]);
    for (const b of boilerplate ?? []) expect(document.text.slice(b.start, b.end).trim()).toBe(document.text.slice(b.start, b.end));
  });

  it('numbers paragraphs of article text only, from 0', () => {
    expect(processText(invented).sentences.map((s) => s.paragraph)).toEqual([0, 1, 1, 2]);
  });

  it('takes the headline after a leading caption as the title', () => {
    expect(processText(invented).document.meta.title).toBe('Oil Minister Resigns Amid Probe');
    expect(sentenceTexts('Previous post\nNext post\nThe real story begins here.')).toEqual(['The real story begins here.']);
  });
});
