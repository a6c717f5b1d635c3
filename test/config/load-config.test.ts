import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';

describe('loadConfig', () => {
  it.each([['DEBUG', 'debug'], ['Info', 'info'], [' warn ', 'warn']])('reads LOG_LEVEL=%j as %j, whatever its case', (value, level) => {
    expect(loadConfig({ LOG_LEVEL: value }).LOG_LEVEL).toBe(level);
  });

  it('still refuses a LOG_LEVEL that is no level, naming the variable in one line', () => {
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/^Invalid LOG_LEVEL: [^\n]*$/);
  });
});

describe('FETCH_TIMEOUT_SECONDS', () => {
  it.each(['2200000', '99999999999', '301'])('refuses %s at start with one line naming the bound, before any fetch breaks on it', (value) => {
    expect(() => loadConfig({ FETCH_TIMEOUT_SECONDS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ FETCH_TIMEOUT_SECONDS: value })).toThrow(/^Invalid FETCH_TIMEOUT_SECONDS: [^\n]*300[^\n]*$/);
  });

  it('accepts up to 300 seconds', () => {
    expect(loadConfig({ FETCH_TIMEOUT_SECONDS: '300' }).FETCH_TIMEOUT_SECONDS).toBe(300);
  });
});

describe('.env.example', () => {
  it('copied as .env, configures what the defaults configure (the pretrained model included)', async () => {
    const { parse } = await import('dotenv');
    const { readFile } = await import('node:fs/promises');
    const example = parse(await readFile(new URL('../../.env.example', import.meta.url), 'utf8'));
    expect(loadConfig(example)).toEqual(loadConfig({}));
  });
});
