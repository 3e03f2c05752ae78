/**
 * How deeply a JSON text nests, found by one pass over its characters before it is parsed, so
 * that a body nested thousands deep is refused before any recursive code (the parser, the text
 * checks, the schema validator) walks it. No request of the API nests more than a few levels.
 */
export const MAX_JSON_DEPTH = 32;

/** The offset at which the text opens its (max + 1)th nested array or object, or undefined if it never does. */
export function depthExceededAt(text: string, max = MAX_JSON_DEPTH): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return undefined;
}
