import type { SkippedFile } from '../corpus/types.js';

/** What a build did: the `index --json` object of CONTRACT.md plus what the audit log needs. */
export interface BuildReport {
  documents: number;
  passages: number;
  model: string;
  dims: number;
  /** For a pretrained model: its name, pinned version, source and every file's sha256 (as the manifest records them). */
  modelDetails?: { name: string; version: string; source: string; files: Readonly<Record<string, string>> };
  tookMs: number;
  /** Passages whose vectors were computed in this build. */
  embedded: number;
  /** Passages whose vectors were copied from the previous generation (same text, same model). */
  reused: number;
  skipped: SkippedFile[];
  /**
   * Article files whose bytes this build read and hashed; the others' stamps (size, times, inode)
   * were unchanged since the served generation's build, which had read them.
   */
  filesRead?: number;
  /** Name of the generation folder now being served. */
  generation: string;
  added: string[];
  changed: string[];
  removed: string[];
  /**
   * True when nothing changed since the served generation (same documents, model and artefacts,
   * all of its files intact): nothing was written and `generation` is the one already served.
   */
  unchanged: boolean;
  /**
   * Set when the build was offered a warm spare's preloaded reading of the served generation
   * (src/index/warm-generation.ts): true when it used it, false when the served generation had
   * changed since and it read cold.
   */
  warm?: boolean;
  /**
   * What the operator should know about a build that succeeded, one line each: e.g. older
   * generations removed because the index disk was (nearly) full. Absent when there is nothing.
   */
  notes?: string[];
}

/** Progress of a build, for a terminal bar or a Discord message being edited. */
export interface BuildProgress {
  /**
   * In order: reading the corpus; `actors` the extra artefacts (the actor registry); embedding;
   * `lexical` the records store with its full-text index; `hnsw` waiting for the vector graph's
   * worker and saving it; writing the manifest and swapping.
   */
  phase: 'reading' | 'actors' | 'embedding' | 'lexical' | 'hnsw' | 'writing' | 'done';
  done: number;
  total: number;
}
