import { describe, expect, it } from 'vitest';
import { findSecret, redactSecrets } from '../../src/text/index.js';

// Shaped like a bot token (id.timestamp.hmac), made up for the test.
const TOKEN = `${'M'.repeat(4)}TIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.${'a1B2c3D4e5'.repeat(3)}`;

describe('findSecret', () => {
  it('names what looks like a secret without quoting it', () => {
    expect(findSecret(`token: ${TOKEN}`)).toBe('a string shaped like a Discord bot token');
    expect(findSecret('DISCORD_TOKEN=abc')).toBe('a DISCORD_TOKEN= setting');
    expect(findSecret('the value s3cr3t-value here', ['s3cr3t-value'])).toBe('the configured DISCORD_TOKEN');
    expect(findSecret('Maduro said the talks were over.')).toBeNull();
  });
});

describe('redactSecrets', () => {
  it('removes configured secrets, token-shaped strings, interaction tokens in paths and Authorization credentials', () => {
    const line = `failed: Bot ${TOKEN} at /interactions/123456/${'x'.repeat(30)}/callback, value s3cr3t-value`;
    const redacted = redactSecrets(line, ['s3cr3t-value']);
    expect(redacted).not.toContain(TOKEN);
    expect(redacted).not.toContain('x'.repeat(30));
    expect(redacted).not.toContain('s3cr3t-value');
    expect(redacted).toContain('/interactions/123456/[redacted]');
  });

  it('leaves ordinary text and a long run of token characters without dots as they are', () => {
    expect(redactSecrets('Rescue teams pulled eleven miners to the surface.')).toBe('Rescue teams pulled eleven miners to the surface.');
    const run = 'A'.repeat(100_000);
    expect(redactSecrets(run)).toBe(run);
  });
});
