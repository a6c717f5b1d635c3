import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeDatabaseUrl, redactDatabaseUrl } from '../../src/store/index.js';

describe('DATABASE_URL in messages', () => {
  it('names the host, port and database, never the user or password', () => {
    expect(describeDatabaseUrl('postgres://bot:s3cret-pass@db.internal:6543/verbatim')).toBe('db.internal:6543/verbatim');
    expect(describeDatabaseUrl('postgresql://bot:s3cret-pass@db.internal/verbatim')).toBe('db.internal:5432/verbatim');
  });

  it('takes the password out of any text, as written in the URL or decoded, and any credentials in a URL', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 3, maxLength: 30 }).filter((p) => p.trim().length >= 3 && !/\*/.test(p)), fc.string(), (password, around) => {
        const url = `postgres://bot:${encodeURIComponent(password)}@127.0.0.1:5432/verbatim`;
        const text = `${around} ${password} ${encodeURIComponent(password)} ${url} ${around}`;
        const redacted = redactDatabaseUrl(text, url);
        expect(redacted.includes(encodeURIComponent(password))).toBe(false);
        expect(redacted.includes(password)).toBe(false);
      }),
    );
  });

  it('redacts credentials of a URL it was not given', () => {
    expect(redactDatabaseUrl('connect to postgres://admin:other-secret@host/db failed', undefined)).toBe('connect to postgres://admin:***@host/db failed');
  });
});
