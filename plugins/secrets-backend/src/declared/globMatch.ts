/**
 * Path globs for declared files: `*` and `?` within one path segment, `**` for any number
 * of segments. Matched without regular expressions, in time bounded by the product of the
 * lengths, so a hostile pattern in a catalog file cannot stall the backend.
 */

/** Whether the pattern has a wildcard (then the files are searched, not read by name). */
export const isGlob = (pattern: string) => /[*?]/.test(pattern);

/** One segment against a segment pattern with `*` and `?`. */
function segmentMatches(pattern: string, name: string): boolean {
  let p = 0;
  let n = 0;
  let star = -1;
  let mark = 0;
  while (n < name.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === name[n])) {
      p++;
      n++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = n;
    } else if (star >= 0) {
      p = star + 1;
      n = ++mark;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/** Whether a `/`-separated relative path matches the glob. */
export function globMatches(pattern: string, path: string): boolean {
  const ps = pattern.split('/').filter(s => s !== '' && s !== '.');
  const ns = path.split('/').filter(s => s !== '' && s !== '.');
  const memo = new Map<number, boolean>();
  const match = (i: number, j: number): boolean => {
    const key = i * (ns.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === ps.length) result = j === ns.length;
    else if (ps[i] === '**')
      result = match(i + 1, j) || (j < ns.length && match(i, j + 1));
    else
      result =
        j < ns.length && segmentMatches(ps[i], ns[j]) && match(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return match(0, 0);
}

/** The segments before the first wildcard: the folder a search starts from. */
export function staticPrefix(pattern: string): string {
  const segments = pattern.split('/');
  const first = segments.findIndex(s => isGlob(s));
  return (first < 0 ? segments : segments.slice(0, first)).join('/');
}
