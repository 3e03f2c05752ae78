/**
 * Where a JSON text stops being JSON, for error messages. V8 names the position for most syntax
 * errors but not for an unexpected token ("Unexpected token '}', … is not valid JSON"); there the
 * position is found as the length of the longest prefix that is still the start of some JSON
 * text (V8 answers such prefixes with "Unexpected end of JSON input" or an error at their very
 * end). Prefixes of a viable prefix are viable, so a binary search needs ~log2(length) parses;
 * it runs only for bodies already refused, at most 1 MB.
 */
export interface JsonErrorPosition {
  position: number;
  line: number;
  column: number;
}

const AT_POSITION = /at position (\d+)/;

function reportedPosition(text: string): number | 'end' | undefined {
  try {
    JSON.parse(text);
    return 'end';
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (message.includes('Unexpected end of JSON input')) return 'end';
    const at = AT_POSITION.exec(message);
    return at ? Number(at[1]) : undefined;
  }
}

function viable(prefix: string): boolean {
  const at = reportedPosition(prefix);
  return at === 'end' || (at !== undefined && at >= prefix.length);
}

export function jsonErrorPosition(text: string): JsonErrorPosition {
  const reported = reportedPosition(text);
  let position: number;
  if (reported === 'end') position = text.length; // cut short: it breaks where it ends
  else if (reported !== undefined) position = reported;
  else {
    let lo = 0;
    let hi = text.length;
    // Invariant: the prefix of length lo is viable, that of length hi is not.
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (viable(text.slice(0, mid))) lo = mid;
      else hi = mid;
    }
    position = lo;
  }
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return { position, line, column: position - before.lastIndexOf('\n') };
}
