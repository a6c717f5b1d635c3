/**
 * Quote links opened in a real browser (Debian's headless Chromium): the viewer links of real
 * answers (the seed corpus with the embedded model, plus a test article with quotation marks,
 * accents, emoji and a sentence printed twice) land on a <mark> that reads exactly the quoted
 * sentence; the text-fragment links to the article's own page (served on loopback) make Chromium
 * highlight exactly the quoted occurrence; a hostile file renders inert and bounded.
 *
 * How the text-fragment highlight is observed: the stand-in "original page" paints
 * `::target-text` in a colour nothing else uses, and the test looks for that colour in a
 * screenshot (decoded in a blank tab's canvas) inside and outside the quoted sentence's boxes.
 * Chromium exposes no script API for the match (the selection stays empty).
 */
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerSentence } from '../../src/answer/index.js';
import { loadConfig } from '../../src/config/index.js';
import { createEmbedder, HashingEmbedder } from '../../src/embedding/index.js';
import { textFragmentLink, viewerLinkFor, type CitedSpan } from '../../src/evidence/index.js';
import { createVerbatimService, type VerbatimService } from '../../src/service/index.js';
import { escapeHtml, startViewer, type RunningViewer, type SourceReader } from '../../src/viewer/index.js';
import { readCorpusTexts, tempWorkspace } from '../helpers/temp-corpus.js';
import { hasChromium, launchChromium } from './chromium.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

if (!hasChromium) console.log('Browser tests skipped: /usr/bin/chromium is absent (apt-get install -y chromium).');

const QUOTED = '“We will not let the light go out again,” said Mayor Zoë Ångström-Nuñez, to loud applause.';
const EMOJI = 'Fishermen celebrated the lighthouse vote on the quay with flares 🎉 and a brass band 🎺 until midnight.';
const TWICE = 'The keeper’s salary will be paid by the Kestrel harbour trust.';
const FILLER = Array.from({ length: 45 }, (_, i) => `Tide tables for week ${i + 1} were posted at the harbour office beside the ferry ramp.`);
const ARTICLE = [
  'Port Elsby votes to relight Kestrel Point lighthouse',
  'The Port Elsby harbour council voted on Tuesday to relight the Kestrel Point lighthouse after nine dark years.',
  QUOTED,
  EMOJI,
  `The vote passed nine to two. ${TWICE} Work starts in the spring.`,
  ...FILLER,
  `Critics asked who would pay for the lamp. ${TWICE} Officials did not say what the repairs would cost.`,
  '',
].join('\n');

/** A magenta nothing else on the stand-in page uses: the colour of Chromium's text-fragment highlight there. */
const TARGET_TEXT_STYLE = '::target-text { background: rgb(255, 0, 255); color: #000; } body { font: 18px/1.6 serif; max-width: 44rem; margin: 1rem auto; }';

/** The article as its outlet's page might show it: one paragraph per line. */
function originalPage(text: string): string {
  const lines = text.split('\n').map((line, i) => `<p data-line="${i}">${escapeHtml(line)}</p>`);
  return `<!doctype html><html><head><meta charset="utf-8"><style>${TARGET_TEXT_STYLE}</style></head><body>${lines.join('\n')}</body></html>`;
}

let articleServer: Server;
let articleBase: string;
let service: VerbatimService;
let hostileService: VerbatimService;
let viewer: RunningViewer;
let hostileViewer: RunningViewer;
let browser: BrowserContext;
let texts: Map<string, string>;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Where to keep a screenshot for a person to look at (VIEWER_SCREENSHOTS=folder), or nowhere. */
function screenshotPath(name: string): string | undefined {
  const folder = process.env.VIEWER_SCREENSHOTS;
  return folder ? path.join(folder, `${name}.png`) : undefined;
}

/** A reader that reads through whichever service is set later (the viewer starts before the service exists, so the service knows its address). */
function readerOf(get: () => VerbatimService): SourceReader {
  return { servedDocument: (docId) => get().servedDocument(docId) };
}

describe.skipIf(!hasChromium)('quote links in headless Chromium', () => {
  beforeAll(async () => {
    articleServer = createServer((request, response) => {
      if (request.url !== '/kestrel-point') {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(originalPage(ARTICLE));
    });
    articleBase = await listen(articleServer);

    const workspace = await tempWorkspace();
    await writeFile(path.join(workspace.corpusDir, 'kestrel-point.txt'), ARTICLE);
    await writeFile(
      path.join(workspace.corpusDir, 'kestrel-point.meta.json'),
      JSON.stringify({ title: 'Port Elsby votes to relight Kestrel Point lighthouse', source: 'Harbour Times', url: `${articleBase}/kestrel-point`, published: '2025-11-25' }),
    );
    texts = await readCorpusTexts(workspace.corpusDir);
    viewer = await startViewer({ reader: readerOf(() => service), log: () => {}, port: 0, host: '127.0.0.1' });
    const config = loadConfig({ CORPUS_DIR: workspace.corpusDir, INDEX_DIR: workspace.indexDir, MODELS_DIR: path.join(ROOT, 'models'), PUBLIC_BASE_URL: viewer.url });
    const embedder = await createEmbedder({ model: 'embedded', modelsDir: path.join(ROOT, 'models'), allowRemoteModels: false });
    service = createVerbatimService(config, { embedder, log: () => {} });

    const hostile = await tempWorkspace({ withSeeds: false });
    const unit = '<script>alert("x")</script><img src=x onerror=alert(1)><iframe src="http://127.0.0.1:9/"></iframe> <style>body{display:none}</style> the line goes on. ';
    await writeFile(path.join(hostile.corpusDir, 'hostile.txt'), `<script>alert(0)</script>\n${unit.repeat(Math.ceil(5_000_000 / unit.length))}\n`);
    hostileViewer = await startViewer({ reader: readerOf(() => hostileService), log: () => {}, port: 0, host: '127.0.0.1' });
    hostileService = createVerbatimService(loadConfig({ CORPUS_DIR: hostile.corpusDir, INDEX_DIR: hostile.indexDir, MAX_FILE_BYTES: String(6 * 1024 * 1024), PUBLIC_BASE_URL: hostileViewer.url }), {
      embedder: new HashingEmbedder({ dims: 32 }),
      log: () => {},
    });

    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await viewer?.close();
    await hostileViewer?.close();
    articleServer?.closeAllConnections();
    await new Promise((resolve) => articleServer?.close(resolve));
  });

  /** Every quoted sentence of an answer: answer, also relevant, and their copies. */
  function quotedSentences(answer: { sentences: AnswerSentence[]; alsoRelevant?: AnswerSentence[] }): CitedSpan[] {
    return [...answer.sentences, ...(answer.alsoRelevant ?? [])].flatMap((sentence) => [sentence, ...(sentence.copies ?? [])]);
  }

  /** What the viewer page shows at a link: its marks, and whether the first is in view. */
  async function viewerMark(page: Page, link: string) {
    await page.goto(link);
    return page.evaluate(() => {
      const marks = [...document.querySelectorAll('mark')];
      const box = marks[0]?.getBoundingClientRect();
      return {
        count: marks.length,
        text: marks[0]?.textContent ?? null,
        id: marks[0]?.id ?? null,
        inView: box ? box.top >= 0 && box.top < innerHeight : false,
        scrolled: scrollY,
        background: marks[0] ? getComputedStyle(marks[0]).backgroundColor : null,
      };
    });
  }

  it('opens every quoted sentence of real answers at a <mark> that reads the sentence character for character, in view', async () => {
    const questions = [
      'What did Mayor Zoë Ångström-Nuñez say about the light?',
      'How did fishermen celebrate the lighthouse vote?',
      'Who will pay the keeper’s salary?',
      'Who heads the Cartel de los Soles?',
      'Who was extradited and pleaded guilty?',
    ];
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => problems.push(`console ${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    const opened: string[] = [];
    for (const question of questions) {
      const answer = await service.ask(question);
      expect(answer.abstained, question).toBe(false);
      for (const quoted of quotedSentences(answer)) {
        expect(texts.get(quoted.docId)!.slice(quoted.start, quoted.end)).toBe(quoted.text);
        expect(quoted.viewerLink, `${quoted.docId} ${quoted.start}`).toBeDefined();
        // An article without a URL (the seeds) links to the viewer; one with a URL to its own page.
        if (quoted.docId === 'kestrel-point') expect(quoted.link).toMatch(new RegExp(`^${articleBase}/kestrel-point#:~:text=`));
        else expect(quoted.link).toBe(quoted.viewerLink);
        const shown = await viewerMark(page, quoted.viewerLink!);
        const shot = screenshotPath(`viewer-${opened.length}-${quoted.docId}-${quoted.start}`);
        if (shot && (question === questions[0] || question === questions[3])) await page.screenshot({ path: shot });
        expect(shown).toMatchObject({ count: 1, text: quoted.text, id: `q=${quoted.start}-${quoted.end}`, inView: true, background: 'rgb(255, 224, 102)' });
        opened.push(quoted.text);
      }
    }
    // The sentences this test is about were among the quotes opened.
    expect(opened).toEqual(expect.arrayContaining([QUOTED, EMOJI, TWICE]));
    // The inline style ran under the policy (the mark is yellow) and nothing was refused.
    expect(problems).toEqual([]);
    await page.close();
  });

  it('opens each occurrence of a sentence printed twice at its own place', async () => {
    const document = (await service.servedDocument('kestrel-point'))!;
    const first = document.text.indexOf(TWICE);
    const second = document.text.lastIndexOf(TWICE);
    expect(second).toBeGreaterThan(first);
    const page = await browser.newPage();
    const shown = [];
    for (const start of [first, second]) {
      const mark = await viewerMark(page, viewerLinkFor(viewer.url, document, document.generation, start, start + TWICE.length));
      expect(mark).toMatchObject({ count: 1, text: TWICE, id: `q=${start}-${start + TWICE.length}`, inView: true });
      shown.push(mark.scrolled);
    }
    // Forty-five paragraphs apart: the second is scrolled to further down.
    expect(shown[1]!).toBeGreaterThan(shown[0]! + 500);
    await page.close();
  });

  /**
   * Opens a text-fragment link and finds where Chromium painted the highlight: the magenta pixels
   * of a screenshot, against the boxes of the quoted occurrence (its line and offset known).
   */
  async function fragmentHighlight(page: Page, decoder: Page, link: string, start: number, end: number) {
    // A fresh load each time: a fragment change on the same page keeps the previous highlight.
    await page.goto('about:blank');
    await page.goto(link);
    const lineIndex = ARTICLE.slice(0, start).split('\n').length - 1;
    const lineStart = ARTICLE.lastIndexOf('\n', start - 1) + 1;
    let result = { inside: 0, outside: 0 };
    // The highlight is painted after the match is found, which follows load: look again until it shows.
    for (let attempt = 0; attempt < 50 && result.inside === 0; attempt++) {
      const boxes = await page.evaluate(
        ({ lineIndex, from, to }) => {
          const node = document.querySelector(`p[data-line="${lineIndex}"]`)!.firstChild!;
          const range = document.createRange();
          range.setStart(node, from);
          range.setEnd(node, to);
          return [...range.getClientRects()].map((r) => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom }));
        },
        { lineIndex, from: start - lineStart, to: end - lineStart },
      );
      const shot = (await page.screenshot({ path: screenshotPath(`fragment-${start}`) })).toString('base64');
      result = await decoder.evaluate(
        async ({ shot, boxes }) => {
          const image = new Image();
          image.src = `data:image/png;base64,${shot}`;
          await image.decode();
          const canvas = document.createElement('canvas');
          canvas.width = image.width;
          canvas.height = image.height;
          const context = canvas.getContext('2d')!;
          context.drawImage(image, 0, 0);
          const { data } = context.getImageData(0, 0, image.width, image.height);
          let inside = 0;
          let outside = 0;
          for (let y = 0; y < image.height; y++) {
            for (let x = 0; x < image.width; x++) {
              const i = (y * image.width + x) * 4;
              if (data[i]! < 240 || data[i + 1]! > 15 || data[i + 2]! < 240) continue;
              const within = boxes.some((b) => x >= b.left - 2 && x <= b.right + 2 && y >= b.top - 2 && y <= b.bottom + 2);
              if (within) inside++;
              else outside++;
            }
          }
          return { inside, outside };
        },
        { shot, boxes },
      );
      if (result.inside === 0) await page.waitForTimeout(100);
    }
    return result;
  }

  it('makes Chromium highlight exactly the quoted sentence on the article’s own page, the right one of two', async () => {
    const page = await browser.newPage();
    const decoder = await browser.newPage();
    const answer = await service.ask('What did Mayor Zoë Ångström-Nuñez say about the light?');
    const fromAnswers = quotedSentences(answer).filter((quoted) => quoted.docId === 'kestrel-point');
    expect(fromAnswers.map((quoted) => quoted.text)).toContain(QUOTED);
    const document = (await service.servedDocument('kestrel-point'))!;
    const emojiAt = ARTICLE.indexOf(EMOJI);
    const occurrences = [ARTICLE.indexOf(TWICE), ARTICLE.lastIndexOf(TWICE)];
    const links = [
      ...fromAnswers.map((quoted) => ({ link: quoted.link!, start: quoted.start, end: quoted.end })),
      { link: textFragmentLink(document.meta.url!, document.text, emojiAt, emojiAt + EMOJI.length)!, start: emojiAt, end: emojiAt + EMOJI.length },
      ...occurrences.map((start) => ({ link: textFragmentLink(document.meta.url!, document.text, start, start + TWICE.length)!, start, end: start + TWICE.length })),
    ];
    for (const { link, start, end } of links) {
      expect(link).toMatch(/#:~:text=/);
      expect(link.length).toBeLessThan(600);
      const painted = await fragmentHighlight(page, decoder, link, start, end);
      expect(painted.inside, link).toBeGreaterThan(50);
      expect(painted.outside, link).toBe(0);
    }
    await page.close();
    await decoder.close();
  });

  it('renders a hostile 5 MB line as inert text: no script, no request beyond the page, a bounded page', async () => {
    const hostileDocument = (await hostileService.servedDocument('hostile'))!;
    const start = hostileDocument.text.indexOf('the line goes on.', 2_500_000);
    const page = await browser.newPage();
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const link = viewerLinkFor(hostileViewer.url, hostileDocument, hostileDocument.generation, start, start + 'the line goes on.'.length);
    const shown = await viewerMark(page, link);
    expect(shown).toMatchObject({ count: 1, text: 'the line goes on.', inView: true });
    const page2 = await page.evaluate(() => ({
      elements: document.querySelectorAll('script, img, iframe, style:not(head style)').length,
      height: document.documentElement.scrollHeight,
      hidden: getComputedStyle(document.body).display,
      title: document.title,
    }));
    expect(page2.elements).toBe(0);
    expect(page2.hidden).not.toBe('none');
    expect(page2.height).toBeLessThan(200_000);
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([link.replace(/#.*$/, '')]);
    await page.close();
  });
});
