/**
 * Every terminal command, one file each. Adding a command is its file plus one line here (and its
 * npm script in package.json).
 */
export { actorCommand } from './actor.js';
export { actorsCommand } from './actors.js';
export { addCommand } from './add.js';
export { askCommand } from './ask.js';
export { auditLogCommand } from './audit-log.js';
export { indexCommand } from './build-index.js';
export { removeCommand } from './remove.js';
export { sourcesCommand } from './sources.js';
export { statsCommand } from './stats.js';
