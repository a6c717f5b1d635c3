/**
 * The PostgreSQL tests run against a real server: TEST_DATABASE_URL (set by `source
 * .ci/postgres.sh`, which .ci/run does). Each test file makes a database of its own on that server
 * and drops it at the end, so files never see each other's generations. Without the variable the
 * tests are skipped, with one line saying how to run them.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

/** How to run the skipped tests: one line, the title of the one skipped suite. */
export const HOW_TO_RUN = 'PostgreSQL tests skipped: run `source .ci/postgres.sh` (sets TEST_DATABASE_URL), then npx vitest run test/store';

let announced = false;

/** `describe` when a test PostgreSQL is configured; otherwise a skipped suite, and one line saying how to run it. */
export function describePostgres(name: string, body: () => void): void {
  if (TEST_DATABASE_URL) describe(name, body);
  else {
    if (!announced) process.stderr.write(`${HOW_TO_RUN}\n`);
    announced = true;
    describe.skip(HOW_TO_RUN, () => {
      describe(name, body);
    });
  }
}

/** The test server's URL pointing at another database (same user, password, host and port). */
export function urlOfDatabase(database: string, base = TEST_DATABASE_URL!): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

/** A fresh database on the test server, with pgvector unless `withPgvector` is false; dropped by `drop`. */
export async function createTestDatabase(options: { withPgvector?: boolean; owner?: string } = {}): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `verbatim_test_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}${options.owner ? ` OWNER ${options.owner}` : ''}`);
  } finally {
    await admin.end();
  }
  const url = urlOfDatabase(name);
  if (options.withPgvector ?? true) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('CREATE EXTENSION vector');
    await client.end();
  }
  return {
    url,
    name,
    drop: async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Runs SQL as the test server's administrator, in the main test database. */
export async function asAdministrator<T>(run: (client: pg.Client) => Promise<T>, url = TEST_DATABASE_URL!): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
