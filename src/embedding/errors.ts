import { UserError } from '../config/index.js';

/**
 * A problem with the embedding model that the user can fix: the message is one line that says
 * what to do next (set a variable, run a command, check a folder). Entry points print it as is.
 */
export class EmbeddingError extends UserError {
  override readonly name = 'EmbeddingError';

  constructor(message: string, options?: { cause?: unknown }) {
    super('embedding', message, options);
  }
}
