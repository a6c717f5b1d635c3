/**
 * The peers benchmark (`npm run bench -- --peers`): Verbatim's retrieval beside the engines a
 * TypeScript developer would reach for, fed the same passages, the same passage vectors and the
 * same question vectors. Each peer is one small adapter file implementing {@link PeerEngine}.
 */

/** A passage as every engine receives it: Verbatim's own passage, cut by its build. */
export interface PeerPassage {
  /** Verbatim's passage id: what every engine returns, so results compare one to one. */
  id: string;
  docId: string;
  text: string;
}

/** An engine under test: builds its index of the passages into a folder, and opens it again. */
export interface PeerEngine {
  readonly name: string;
  build(passages: readonly PeerPassage[], vectors: readonly Float32Array[], dir: string): Promise<void>;
  open(dir: string): Promise<PeerSearcher>;
}

/** An opened index: the ids of the `k` best passages for a question, in the engine's hybrid mode. */
export interface PeerSearcher {
  search(question: string, vector: Float32Array, k: number): Promise<string[]>;
  /** The engine embeds the question itself (Verbatim's question reader): it is then given no vector, and the time is its own. */
  readonly embedsQuestion?: boolean;
  close(): Promise<void>;
}
