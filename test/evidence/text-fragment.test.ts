import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeTextDirectiveTerm,
  findTextDirective,
  formatTextDirective,
  MAX_TEXT_DIRECTIVE_CHARS,
  parseTextDirective,
  QuoteLinker,
  textDirectiveFor,
  textFragmentLink,
  viewerLinkFor,
  type TextDirective,
} from '../../src/evidence/index.js';

/** Well-formed text (no lone surrogate halves): what a UTF-8 file decodes to. */
const text = (options: { minLength?: number; maxLength?: number } = {}) => fc.string({ unit: 'grapheme', ...options });
const term = text({ minLength: 1, maxLength: 30 });

/** Words with the characters the syntax reserves (`-`, `,`, `&`), quotes, accents and emoji among them. */
const word = fc.oneof(
  fc.constantFrom('the', 'mayor', 'said', '“no.”', 'Café', 'São', 'Paulo', 'up-to-date', 'A,B', 'R&D', '🎉', '👩🏽‍🔬', "it's", '(see', 'below)', '50%', '#1'),
  fc.stringMatching(/^[a-z]{1,8}$/),
);
const sentence = fc.array(word, { minLength: 1, maxLength: 24 }).map((words) => words.join(' '));

describe('encodeTextDirectiveTerm', () => {
  it('leaves none of the characters the syntax or a markdown link reserves, and decodes back to the term', () => {
    fc.assert(
      fc.property(text(), (raw) => {
        const encoded = encodeTextDirectiveTerm(raw);
        expect(encoded).not.toMatch(/[-,&\s#()[\]<>"'`!*~]/);
        expect(encoded).toMatch(/^[A-Za-z0-9%._]*$/);
        expect(decodeURIComponent(encoded)).toBe(raw);
      }),
    );
  });

  it('encodes the dash, comma and ampersand as the spec requires', () => {
    expect(encodeTextDirectiveTerm('up-to-date, R&D')).toBe('up%2Dto%2Ddate%2C%20R%26D');
  });
});

describe('formatTextDirective and parseTextDirective', () => {
  it('read back every directive they write', () => {
    const directive = fc.record({ textStart: term, textEnd: fc.option(term, { nil: undefined }), prefix: fc.option(term, { nil: undefined }), suffix: fc.option(term, { nil: undefined }) }, { requiredKeys: ['textStart'] });
    fc.assert(
      fc.property(directive, (written) => {
        const clean = Object.fromEntries(Object.entries(written).filter(([, value]) => value !== undefined)) as unknown as TextDirective;
        expect(parseTextDirective(formatTextDirective(clean))).toEqual(clean);
      }),
    );
  });

  it('writes prefix-, and ,-suffix around the terms', () => {
    expect(formatTextDirective({ prefix: 'a', textStart: 'b c', textEnd: 'd', suffix: 'e' })).toBe('text=a-,b%20c,d,-e');
  });
});

describe('textDirectiveFor', () => {
  it('picks out the quoted occurrence, or gives no directive: never another place', () => {
    const document = fc.record({ before: fc.array(sentence, { maxLength: 4 }), quoted: sentence, between: fc.array(sentence, { maxLength: 3 }), after: fc.array(sentence, { maxLength: 4 }), separator: fc.constantFrom(' ', '\n', '  ', '\n\n'), twice: fc.boolean(), second: fc.boolean() });
    fc.assert(
      fc.property(document, ({ before, quoted, between, after, separator, twice, second }) => {
        const parts = [...before, quoted, ...between, ...(twice ? [quoted] : []), ...after];
        const full = parts.join(separator);
        const quotedAt = before.length === 0 ? 0 : before.join(separator).length + separator.length;
        const start = twice && second ? full.lastIndexOf(quoted) : quotedAt;
        expect(full.slice(start, start + quoted.length)).toBe(quoted);
        const directive = textDirectiveFor(full, start, start + quoted.length);
        if (directive === null) return;
        expect(findTextDirective(full, directive)).toEqual({ start, end: start + quoted.length });
        expect(formatTextDirective(directive).length).toBeLessThanOrEqual(MAX_TEXT_DIRECTIVE_CHARS);
      }),
      { numRuns: 300 },
    );
  });

  it('always finds one for a sentence the article has once', () => {
    fc.assert(
      fc.property(fc.uniqueArray(sentence, { minLength: 1, maxLength: 6 }), fc.nat(), (sentences, pick) => {
        const full = sentences.join('\n');
        const quoted = sentences[pick % sentences.length]!;
        const start = full.indexOf(quoted);
        // Only a sentence that is not part of another one is "once" in the article.
        fc.pre(full.indexOf(quoted, start + 1) < 0 && quoted.length <= 200);
        expect(textDirectiveFor(full, start, start + quoted.length)).not.toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it('tells two occurrences of one sentence apart by the words around them', () => {
    const article = 'The council met at noon. The mayor said “no.” Then she left the room.\nLater, reporters asked again. The mayor said “no.” Café owners cheered.';
    const second = article.lastIndexOf('The mayor said “no.”');
    const directive = textDirectiveFor(article, second, second + 20)!;
    expect(directive).not.toBeNull();
    expect(findTextDirective(article, directive)).toEqual({ start: second, end: second + 20 });
    const first = article.indexOf('The mayor said “no.”');
    expect(findTextDirective(article, textDirectiveFor(article, first, first + 20)!)).toEqual({ start: first, end: first + 20 });
  });

  it('uses the start,end form for a long sentence, keeping the link short', () => {
    const long = `${Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ')}.`;
    const directive = textDirectiveFor(long, 0, long.length)!;
    expect(directive.textEnd).toBeDefined();
    expect(formatTextDirective(directive).length).toBeLessThan(80);
  });
});

describe('textFragmentLink', () => {
  const article = 'First line.\nThe quoted sentence, with a comma & more.';
  const start = article.indexOf('The');

  it('links only http(s) addresses', () => {
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,x', 'ftp://example.org/a', 'not a url']) {
      expect(textFragmentLink(url, article, start, article.length)).toBeNull();
    }
    expect(textFragmentLink('https://example.org/a?b=1', article, start, article.length)).toBe('https://example.org/a?b=1#:~:text=The%20quoted%20sentence%2C%20with%20a%20comma%20%26%20more.');
  });

  it('keeps the page’s own fragment and replaces an old directive', () => {
    expect(textFragmentLink('https://example.org/a#top', article, 0, 11)).toBe('https://example.org/a#top:~:text=First%20line.');
    expect(textFragmentLink('https://example.org/a#:~:text=old', article, 0, 11)).toBe('https://example.org/a#:~:text=First%20line.');
  });
});

describe('QuoteLinker', () => {
  const document = { docId: 'doc (1)', text: 'One sentence here. Another one there.', meta: { url: null as string | null }, hash: 'ab'.repeat(32) };
  const span = { text: 'Another one there.', docId: 'doc (1)', start: 19, end: 37 };

  it('links a quote of an article with a URL to its page, and to the viewer too when it has an address', () => {
    const linker = new QuoteLinker({ viewerBaseUrl: 'https://verbatim.example.org/' });
    const links = linker.linksFor(span, { ...document, meta: { url: 'https://news.example.org/story' } }, 'g-1');
    expect(links.link).toBe('https://news.example.org/story#:~:text=Another%20one%20there.');
    expect(links.viewerLink).toBe('https://verbatim.example.org/source/doc%20%281%29?g=g-1&h=abababababababab&q=19-37#q=19-37');
  });

  it('links a quote of an article without a URL to the viewer, and gives no link when there is no viewer', () => {
    expect(new QuoteLinker({ viewerBaseUrl: 'http://127.0.0.1:8080' }).linksFor(span, document, 'g-1').link).toBe(viewerLinkFor('http://127.0.0.1:8080', document, 'g-1', 19, 37));
    expect(new QuoteLinker({ viewerBaseUrl: null }).linksFor(span, document, 'g-1')).toEqual({});
  });
});
