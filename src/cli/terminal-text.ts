/**
 * Text from the corpus (titles, file names, quoted sentences) may hold control characters: an
 * ANSI escape in a file name or an article could recolour, move or clear a terminal, or hide
 * what precedes it. Everything a command prints as text passes through here; quoted text is
 * never changed otherwise (the JSON output, which escapes them itself, keeps the exact bytes).
 */

/** C0 and C1 controls but line feed and tab, DEL, and the bidirectional overrides and isolates. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu;

/** The text with each unsafe character shown as a visible escape such as `\x1B` or `\u202E`. */
export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, (character) => {
    const code = character.codePointAt(0)!;
    return code <= 0xff ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
  });
}

/**
 * A field printed inside a line of a listing (a docId, a title, a file name): its line breaks
 * shown as `\n`, so a file name with a newline cannot start a line that reads as another entry.
 */
export function oneLine(text: string): string {
  return text.replace(/[\n\u2028\u2029]/g, (character) => (character === '\n' ? '\\n' : `\\u${character.codePointAt(0)!.toString(16).toUpperCase()}`));
}
