import { auditLogFile, readAuditLogCounted } from '../../index/index.js';
import { PostgresStore } from '../../store/index.js';
import type { CliCommand } from '../command.js';
import { renderAuditText } from '../render-text.js';

/** `npm run audit-log -- [--json]`: every rebuild attempt recorded in INDEX_DIR/audit.jsonl. */
export const auditLogCommand: CliCommand = {
  name: 'audit-log',
  commandLine: {
    usage: 'npm run audit-log -- [--json]',
    summary: 'Every rebuild attempt recorded in INDEX_DIR/audit.jsonl (who, when, outcome, counts), oldest first.',
    flags: { json: { type: 'boolean', description: 'print {"entries": [...]} as one JSON object' } },
    words: 'none',
  },
  async run({ config, print, log }) {
    // Reads a file, or with STORE=postgres the database every process audits into; needs no model.
    if (config.STORE === 'postgres') {
      const entries = await readFromPostgres(config.DATABASE_URL!);
      print({ entries }, () => renderAuditText(entries));
      return;
    }
    const { entries, unreadable } = await readAuditLogCounted(config.INDEX_DIR);
    if (unreadable > 0) {
      log(`${unreadable} line${unreadable === 1 ? '' : 's'} of ${auditLogFile(config.INDEX_DIR)} could not be read (damaged, or cut short by a crash) and ${unreadable === 1 ? 'is' : 'are'} left out.`);
    }
    print({ entries }, () => renderAuditText(entries));
  },
};

async function readFromPostgres(url: string) {
  const store = await PostgresStore.open(url, { log: () => undefined });
  try {
    return await store.readAuditLog();
  } finally {
    await store.close();
  }
}
