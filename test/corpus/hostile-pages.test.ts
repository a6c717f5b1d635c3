/**
 * Pages built to break the article reader (issue 22): thousands of nested elements, an empty or
 * tag-less file. Each is one input's one-line refusal, never an internal error or a frozen bot.
 */
import { describe, expect, it } from 'vitest';
import { extractHtmlArticle, MAX_NESTING_DEPTH, MAX_PAGE_ELEMENTS, MIN_ARTICLE_CHARS } from '../../src/corpus/index.js';
import { refusal } from './refusal.js';

const PARAGRAPH =
  'The council of Port Elsby voted on Tuesday to relight the old lighthouse on Kestrel Point, ending a decade of darkness on the headland. ' +
  'The restoration will cost 2.4 million euros and take eighteen months, the harbour master said after the vote.';

function nestedPage(depth: number): string {
  return `<!doctype html><html><head><title>Deep</title></head><body>${'<div>'.repeat(depth)}<p>${PARAGRAPH}</p>${'</div>'.repeat(depth)}</body></html>`;
}


describe('a hostile page costs its own request only', () => {
  it('refuses a page of 2,000 nested elements with one line, before Readability walks it', async () => {
    const message = await refusal(extractHtmlArticle(nestedPage(2000), null, 'deep.html'));
    expect(message).toContain('deep.html');
    expect(message).toContain(`nested over ${MAX_NESTING_DEPTH} levels`);
  });

  it('refuses a page of more elements than any article page has, before Readability scores them', async () => {
    const html = `<!doctype html><html><head><title>Wide</title></head><body>${'<div><span>word</span></div>'.repeat(MAX_PAGE_ELEMENTS / 2 + 10)}<p>${PARAGRAPH}</p></body></html>`;
    const message = await refusal(extractHtmlArticle(html, null, 'wide.html'));
    expect(message).toContain('wide.html');
    expect(message).toContain('over 15,000 elements');
  });

  it('still reads an article nested as deep as real pages go', async () => {
    const article = await extractHtmlArticle(nestedPage(120), null, 'nested.html');
    expect(article.body).toBe(PARAGRAPH);
  });

  it('reads the blocks inside nested containers once each, in order', async () => {
    const html = `<!doctype html><html><head><title>Relit</title></head><body><article>${'<div><section>'.repeat(40)}<h2>Vote</h2><p>${PARAGRAPH}</p><ul><li>First point of the plan, in full.</li></ul>${'</section></div>'.repeat(40)}<p>${PARAGRAPH.replace('Tuesday', 'Monday')}</p></article></body></html>`;
    const article = await extractHtmlArticle(html, null, 'blocks.html');
    expect(article.body.split('\n\n')).toEqual(['## Vote', PARAGRAPH, '- First point of the plan, in full.', PARAGRAPH.replace('Tuesday', 'Monday')]);
  });

  it.each([
    ['an empty file', ''],
    ['white space', '  \n\t '],
    ['text without a tag', 'Just a few words without any markup at all.'],
    ['a lone comment', '<!-- nothing here -->'],
  ])('refuses %s with one line naming the minimum, not an internal error', async (_what, html) => {
    const message = await refusal(extractHtmlArticle(html, null, 'empty.html'));
    expect(message).toMatch(/^Refused empty\.html: /);
    expect(message).toContain(`${MIN_ARTICLE_CHARS}`);
  });
});
