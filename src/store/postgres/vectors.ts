import pgvector from 'pgvector';

/**
 * A vector as pgvector's text form, `[0.1,0.2,…]` (the pgvector package's own conversion). Each
 * float32 is written with the digits of its exact value, so it reads back as the same float32 and
 * a stored vector equals the one the local generation holds.
 */
export function vectorToSql(vector: Float32Array): string {
  return pgvector.toSql(Array.from(vector)) as string;
}

/** pgvector's text form back to a Float32Array. */
export function vectorFromSql(text: string): Float32Array {
  return Float32Array.from(pgvector.fromSql(text) as number[]);
}
