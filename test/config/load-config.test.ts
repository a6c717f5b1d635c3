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
