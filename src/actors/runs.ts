import { NAME_PARTICLES, NEVER_ACTORS, ORGANIZATION_CONNECTORS, ORGANIZATION_CUES, TITLE_MODIFIERS } from './gazetteer.js';
import { isCountryWord, isTitleHead } from './known-names.js';
import { isAllCaps, isCapitalised, possessiveLength, type Token } from './tokens.js';

/**
 * The first extraction pass: a sentence's tokens cut into maximal runs of name words, joined by
 * name particles ("de los Soles"), organisation connectors ("Department of War") and hyphens
 * ("Padrino-López").
 */

/** Tokens `[from, to)` of a sentence that may hold names. */
export interface Run {
  from: number;
  /** Exclusive. */
  to: number;
  /** A possessive follows the run ("Maduro’s"). */
  possessive: boolean;
}

/** Splits a sentence's tokens into maximal runs of name words. */
export function findRuns(tokens: readonly Token[]): Run[] {
  const runs: Run[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (!opensRun(tokens, i)) {
      i++;
      continue;
    }
    let j = i + 1;
    let possessive = false;
    for (;;) {
      if (possessiveLength(tokens, j) > 0) {
        possessive = true;
        break;
      }
      const next = continuationAt(tokens, i, j);
      if (next === null) break;
      j = next;
    }
    // A connector or particle never ends a run.
    while (j > i && !isCapitalised(tokens[j - 1])) j--;
    runs.push({ from: i, to: j, possessive });
    i = j;
  }
  return runs;
}

/** A capitalised word that is not shouting (a run of capitals) and not a word that never names an actor. */
function opensRun(tokens: readonly Token[], i: number): boolean {
  const token = tokens[i]!;
  const shouting = isAllCaps(token) && (isAllCaps(tokens[i - 1]) || isAllCaps(tokens[i + 1]));
  return isCapitalised(token) && !shouting && !NEVER_ACTORS.has(token.text);
}

/** Where the run that started at `from` goes on when token `j` continues it, or null when it ends before `j`. */
function continuationAt(tokens: readonly Token[], from: number, j: number): number | null {
  const next = tokens[j];
  if (!next) return null;
  if (isCapitalised(next) && next.spaceBefore && !NEVER_ACTORS.has(next.text) && !(isAllCaps(next) && isAllCaps(tokens[j + 1]))) return j + 1;
  return afterParticles(tokens, j) ?? afterConnector(tokens, from, j) ?? afterHyphen(tokens, j);
}

/** "de los Soles", "van der Berg": particles may follow one another before the next name word. */
function afterParticles(tokens: readonly Token[], j: number): number | null {
  if (!NAME_PARTICLES.has(tokens[j]!.text)) return null;
  let m = j;
  while (m < j + 3 && NAME_PARTICLES.has(tokens[m]?.text ?? '')) m++;
  return isCapitalised(tokens[m]) ? m : null;
}

/** "Department of War", "Foundation for the Defense of Democracies": a connector inside an organisation's name or a title. */
function afterConnector(tokens: readonly Token[], from: number, j: number): number | null {
  const word = tokens[j]!.text;
  if (!ORGANIZATION_CONNECTORS.has(word) || word === 'and' || !runHasCue(tokens, from, j)) return null;
  const after = tokens[j + 1];
  if (isCapitalised(after) && !NEVER_ACTORS.has(after!.text)) return j + 1;
  if (after?.text === 'the' && isCapitalised(tokens[j + 2])) return j + 2;
  return null;
}

/** "Padrino-López" is one name; "Venezuela-Colombia" is two states; "Maduro-led" ends the name. */
function afterHyphen(tokens: readonly Token[], j: number): number | null {
  const next = tokens[j]!;
  if ((next.text !== '-' && next.text !== '‐') || next.spaceBefore) return null;
  const after = tokens[j + 1];
  const before = tokens[j - 1]!;
  const joinsName = after && !after.spaceBefore && isCapitalised(after) && !(isCountryWord(before.text) && isCountryWord(after.text));
  return joinsName ? j + 2 : null;
}

/**
 * May "of"/"for"/"on" continue this run? Only inside an organisation's name ("Department of War")
 * or right after a title ("Secretary of State"); "Tomas Perlman of the Harbor Institute" is two names.
 */
function runHasCue(tokens: readonly Token[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    if (ORGANIZATION_CUES.has(tokens[k]!.text)) return true;
  }
  const last = tokens[to - 1]!.text;
  return isTitleHead(last) || TITLE_MODIFIERS.has(last);
}
