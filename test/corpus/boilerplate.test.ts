import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { captionParts, detectBoilerplateLine, layoutParagraphs } from '../../src/corpus/index.js';
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

  it('excludes every boilerplate line, and a caption’s slug and credit, from sentences and passages without moving offsets', () => {
    const { document, sentences, passages, boilerplate } = processText(invented);
    expect(sentences.map((s) => s.text)).toEqual([
      'Oil Minister Resigns Amid Probe',
      'The minister leaves court in Caracas on March 3, 2025.',
      'The oil minister resigned on Monday.',
      'He denied wrongdoing.',
      'Prosecutors said the probe would continue.',
    ]);
    for (const s of sentences) expect(invented.slice(s.start, s.end)).toBe(s.text);
    expect(passages.map((p) => p.text).join(' ')).not.toMatch(/TOPSHOT|Getty|twitter|@examplewire|Share this|Featured|©|Leave a Reply/);
    expect(boilerplate?.map((b) => [b.kind, document.text.slice(b.start, b.end)])).toEqual([
      ['photo-caption', 'TOPSHOT –'],
      ['photo-credit', '(Photo by Ana Pérez / AFP via Getty Images)'],
      ['photo-credit', 'AFP via Getty Images'],
      ['social-embed', 'Breaking: the minister speaks. pic.twitter.com/Q1w2E3r4'],
      ['social-embed', '— Example Wire (@examplewire) March 3, 2025'],
      ['share-prompt', 'Share this article'],
      ['photo-caption', 'Featured image: The ministry building, public domain'],
      ['copyright', '© 2025 Example Wire. All rights reserved.'],
      ['comment-prompt', 'Leave a Reply'],
    ]);
    for (const b of boilerplate ?? []) expect(document.text.slice(b.start, b.end).trim()).toBe(document.text.slice(b.start, b.end));
  });

  it('numbers paragraphs of article text only, from 0, the caption’s prose being one', () => {
    expect(processText(invented).sentences.map((s) => s.paragraph)).toEqual([0, 1, 2, 2, 3]);
  });

  it('takes the headline after a leading caption as the title', () => {
    expect(processText(invented).document.meta.title).toBe('Oil Minister Resigns Amid Probe');
    expect(sentenceTexts('Previous post\nNext post\nThe real story begins here.')).toEqual(['The real story begins here.']);
  });
});

describe('captionParts', () => {
  const partsOf = (line: string) => {
    const parts = captionParts(line);
    if (!parts) return null;
    const slice = (span: { start: number; end: number } | null) => (span ? line.slice(span.start, span.end) : null);
    return { slug: slice(parts.slug), body: slice(parts.body), credit: slice(parts.credit) };
  };

  it('cuts a slug, the caption’s own sentences and a trailing credit apart', () => {
    expect(
      partsOf('TOPSHOT – Maduro dances in Caracas on December 1, 2025. He said so. (Photo by Juan BARRETO / AFP via Getty Images)'),
    ).toEqual({
      slug: 'TOPSHOT –',
      body: 'Maduro dances in Caracas on December 1, 2025. He said so.',
      credit: '(Photo by Juan BARRETO / AFP via Getty Images)',
    });
  });

  it('cuts a caption with only a slug, or only a trailing credit', () => {
    expect(partsOf('FILE PHOTO: Venezuela’s President speaks in Caracas, June 1, 2024.')).toEqual({
      slug: 'FILE PHOTO:',
      body: 'Venezuela’s President speaks in Caracas, June 1, 2024.',
      credit: null,
    });
    expect(partsOf('TOPSHOTS-VENEZUELA-POLITICS - Crowds gather in Caracas.')).toEqual({
      slug: 'TOPSHOTS-VENEZUELA-POLITICS -',
      body: 'Crowds gather in Caracas.',
      credit: null,
    });
    expect(partsOf('The president waves to supporters. (AP Photo/Ariana Cubillos)')).toEqual({
      slug: null,
      body: 'The president waves to supporters.',
      credit: '(AP Photo/Ariana Cubillos)',
    });
  });

  it('keeps a capitalised first word of the body out of the slug', () => {
    expect(partsOf('TOPSHOT-A crowd gathers in Caracas.')?.body).toBe('A crowd gathers in Caracas.');
  });

  it('leaves a line whole when nothing with letters lies between slug and credit', () => {
    for (const line of [
      'TOPSHOTS-VENEZUELA-POLITICS',
      'TOPSHOT –',
      '(Photo by Juan BARRETO / AFP via Getty Images)',
      'TOPSHOT – (Photo by Juan BARRETO / AFP via Getty Images)',
      'TOPSHOT – 2025. (Photo: Reuters)',
    ]) {
      expect(captionParts(line), line).toBeNull();
    }
  });

  it('leaves labelled lines and lines that are not captions whole', () => {
    for (const line of [
      'Featured image: The presidential palace at dusk, public domain',
      'Photo: A tanker off the coast. (Photo: Reuters)',
      'The oil minister resigned on Monday.',
      'AFP via Getty Images',
    ]) {
      expect(captionParts(line), line).toBeNull();
    }
  });

  it('always returns trimmed, ordered, non-overlapping parts whose body is the text between the markers (property)', () => {
    const slug = fc.constantFrom('', 'TOPSHOT – ', 'TOPSHOT - ', 'TOPSHOTS-VENEZUELA-POLITICS – ', 'FILE PHOTO: ', 'EDITORS NOTE — ');
    const credit = fc.constantFrom('', ' (Photo by Ana Pérez / AFP via Getty Images)', ' (AP Photo/Evan Vucci)', ' (Photo: Reuters)');
    // A body opens with a word: a dash straight after the slug is read as the slug's separator.
    const body = fc
      .tuple(
        fc.constantFrom('Maduro', 'Venezuela’s', 'A', 'Thousands', '“We'),
        fc.array(fc.constantFrom('dances', 'in', 'Caracas', 'on', 'December', '1,', '2025.', '“a', 'slave’s', 'peace,”', '—', '-', ':', '(see', 'map)'), { maxLength: 20 }),
      )
      .map(([first, words]) => [first, ...words].join(' '));
    fc.assert(
      fc.property(slug, body, credit, (slugText, bodyText, creditText) => {
        const line = `${slugText}${bodyText}${creditText}`;
        const parts = captionParts(line);
        if (slugText === '' && creditText === '') {
          expect(parts).toBeNull();
          return;
        }
        expect(parts).not.toBeNull();
        const { slug: slugSpan, body: bodySpan, credit: creditSpan } = parts!;
        expect(line.slice(bodySpan.start, bodySpan.end)).toBe(bodyText);
        expect(line.slice(slugSpan?.start ?? 0, slugSpan?.end ?? 0)).toBe(slugText.trim());
        expect(line.slice(creditSpan?.start ?? 0, creditSpan?.end ?? 0)).toBe(creditText.trim());
        expect(slugSpan?.end ?? 0).toBeLessThanOrEqual(bodySpan.start);
        expect(bodySpan.end).toBeLessThanOrEqual(creditSpan?.start ?? line.length);
      }),
      { seed: 20251201, numRuns: 500 },
    );
  });
});

describe('caption paragraphs in layoutParagraphs', () => {
  const line = 'TOPSHOT – Maduro dances in Caracas on December 1, 2025. (Photo by Juan BARRETO / AFP via Getty Images)';

  it('lays out the caption’s prose as a caption paragraph at its offsets in the file, slug and credit as boilerplate', () => {
    for (const format of ['txt', 'md'] as const) {
      const text = `Headline First\n${line}\nBody text here.`;
      const { paragraphs, boilerplate } = layoutParagraphs(text, 0, format);
      expect(paragraphs.map((p) => [text.slice(p.start, p.end), p.caption])).toEqual([
        ['Headline First', false],
        ['Maduro dances in Caracas on December 1, 2025.', true],
        ['Body text here.', false],
      ]);
      expect(boilerplate.map((b) => [b.kind, text.slice(b.start, b.end)])).toEqual([
        ['photo-caption', 'TOPSHOT –'],
        ['photo-credit', '(Photo by Juan BARRETO / AFP via Getty Images)'],
      ]);
    }
  });

  it('never joins a caption with the Markdown lines around it', () => {
    const text = `A line without a final stop that is long enough to be wrapped prose\n${line}\ncontinues in lower case.`;
    expect(sentenceTexts(text, 'doc.md')).toEqual([
      'A line without a final stop that is long enough to be wrapped prose',
      'Maduro dances in Caracas on December 1, 2025.',
      'continues in lower case.',
    ]);
  });

  it('leaves a slug-only or credit-only line wholly boilerplate', () => {
    const text = 'TOPSHOTS-VENEZUELA-POLITICS\n(Photo by Juan BARRETO / AFP via Getty Images)\nThe story.';
    const { paragraphs, boilerplate } = layoutParagraphs(text, 0, 'txt');
    expect(paragraphs.map((p) => text.slice(p.start, p.end))).toEqual(['The story.']);
    expect(boilerplate.map((b) => [b.kind, text.slice(b.start, b.end)])).toEqual([
      ['photo-caption', 'TOPSHOTS-VENEZUELA-POLITICS'],
      ['photo-caption', '(Photo by Juan BARRETO / AFP via Getty Images)'],
    ]);
  });

  it('quotes a body-only caption with a trailing credit, the credit left out', () => {
    const text = '  Soldiers parade in Caracas on July 5. Thousands watched. (AP Photo/Ariana Cubillos)  \nThe story.';
    const { sentences, boilerplate } = processText(text);
    expect(sentences.map((s) => s.text)).toEqual(['Soldiers parade in Caracas on July 5.', 'Thousands watched.', 'The story.']);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(boilerplate?.map((b) => [b.kind, text.slice(b.start, b.end)])).toEqual([['photo-credit', '(AP Photo/Ariana Cubillos)']]);
  });

  it('never takes a caption for the title, even when no headline follows', () => {
    expect(processText(`${line}\nThe oil minister resigned on Monday.`).document.meta.title).toBe('The oil minister resigned on Monday.');
    expect(processText(line).document.meta.title).toBe('doc');
  });
});
