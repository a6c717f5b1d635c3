import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusInCheckoutWarning, gitCheckoutContaining } from '../../src/bot/data-folders.js';
import { temporaryFolder } from '../helpers/temp-folders.js';

describe('data folders and git checkouts', () => {
  it('finds the checkout a corpus folder is in, and warns once with what to do', async () => {
    const root = await temporaryFolder('checkout');
    await mkdir(path.join(root, 'repo', '.git'), { recursive: true });
    await mkdir(path.join(root, 'repo', 'corpus'), { recursive: true });
    await mkdir(path.join(root, 'data', 'corpus'), { recursive: true });
    expect(gitCheckoutContaining(path.join(root, 'repo', 'corpus'))).toBe(path.join(root, 'repo'));
    const warning = corpusInCheckoutWarning(path.join(root, 'repo', 'corpus'));
    expect(warning?.checkout).toBe(path.join(root, 'repo'));
    expect(warning?.advice).toMatch(/outside it \(docs\/deploy\.md\)/);
    expect(corpusInCheckoutWarning(path.join(root, 'data', 'corpus'))).toBeNull();
  });
});
