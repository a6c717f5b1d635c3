/**
 * Debian's Chromium driven by playwright-core, kept off the network: no browser is downloaded,
 * no background traffic, a fresh empty profile each time. Tests that need it skip (with one line)
 * on a machine without /usr/bin/chromium.
 */
import { existsSync } from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';
import { temporaryFolder } from '../helpers/temp-folders.js';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/** The flags that keep the browser headless, unsandboxed in a container, and quiet on the network. */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A headless Chromium with a new empty profile (playwright passes it as --user-data-dir). */
export async function launchChromium(): Promise<BrowserContext> {
  const profile = await temporaryFolder('chromium-profile');
  return chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1000, height: 700 } });
}
