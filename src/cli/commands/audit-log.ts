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
  async run({ service, print }) {
    // Reads a file through the service; the model is never loaded for it.
    const entries = await (await service()).auditLog();
    print({ entries }, () => renderAuditText(entries));
  },
};
