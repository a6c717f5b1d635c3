/**
 * A `url` in front matter or a sidecar becomes every citation's link, in the bot and in `--json`
 * (issue 22 item 11): only an http(s) address may; anything else skips the file with a reason.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadCorpus } from '../../src/corpus/index.js';
import { tempWorkspace } from '../helpers/temp-corpus.js';

const BODY = 'The harbour council of Port Elsby voted on Tuesday to restore the Kestrel Point lighthouse.\n';

describe('a url that is not an http(s) link', () => {
  it('skips the file with one line naming the field, and keeps http(s) links', async () => {
    const { corpusDir } = await tempWorkspace({ withSeeds: false });
    await writeFile(path.join(corpusDir, 'script.md'), `---\ntitle: Vote\nurl: "javascript:alert(document.cookie)"\n---\n\n${BODY}`);
    await writeFile(path.join(corpusDir, 'data.md'), `---\ntitle: Vote\nurl: data:text/html,<script>x</script>\n---\n\n${BODY}`);
    await writeFile(path.join(corpusDir, 'word.txt'), BODY);
    await writeFile(path.join(corpusDir, 'word.meta.json'), JSON.stringify({ url: 'JaVaScRiPt:void(0)' }));
    await writeFile(path.join(corpusDir, 'fine.md'), `---\ntitle: Vote\nurl: https://news.example/vote\n---\n\n${BODY}`);
    const loaded = await loadCorpus(corpusDir, { maxFileBytes: 1_000_000 });
    expect(loaded.documents.map((document) => [document.docId, document.meta.url])).toEqual([['fine', 'https://news.example/vote']]);
    expect(loaded.skipped.map((skipped) => skipped.file)).toEqual(['data.md', 'script.md', 'word.txt']);
    for (const { reason } of loaded.skipped) {
      expect(reason).toMatch(/field "url" is not an http or https link/);
      expect(reason.split('\n')).toHaveLength(1);
    }
  });
});

describe('a YAML tag Verbatim does not read (!!js/function)', () => {
  it('skips the file with one line and prints no multi-line YAML warning', async () => {
    const { corpusDir } = await tempWorkspace({ withSeeds: false });
    await writeFile(path.join(corpusDir, 'tagged.md'), `---\ntitle: !!js/function "function () { return 1; }"\n---\n\n${BODY}`);
    const warn = vi.spyOn(process, 'emitWarning');
    try {
      const loaded = await loadCorpus(corpusDir, { maxFileBytes: 1_000_000 });
      expect(loaded.documents).toEqual([]);
      expect(loaded.skipped).toEqual([{ file: 'tagged.md', reason: expect.stringMatching(/^front matter uses YAML Verbatim does not read \(Unresolved tag: tag:yaml\.org,2002:js\/function\): fix it or remove it$/) }]);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});
