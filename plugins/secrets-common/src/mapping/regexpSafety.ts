/**
 * Whether a pattern repeats a group that itself repeats (`(a+)+`, `(x*y)*`, `(?:\w+\s?)+`):
 * the shape that makes a backtracking engine take exponential time on a short input. Such
 * patterns are refused where user patterns run on every sync (rewrite); RE2, which ESO uses,
 * has no such cost, so a pattern refused here is one to write without the nesting.
 */
export function hasNestedQuantifier(source: string): boolean {
  // One entry per open group: whether something inside it repeats.
  const groups: boolean[] = [];
  let lastGroupRepeats = false;
  let afterGroup = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i++; // an escaped character is a literal
      afterGroup = false;
      continue;
    }
    if (ch === '[') {
      // A character class: skip to its closing bracket.
      for (i++; i < source.length && source[i] !== ']'; i++)
        if (source[i] === '\\') i++;
      afterGroup = false;
      continue;
    }
    if (ch === '(') {
      groups.push(false);
      afterGroup = false;
      continue;
    }
    if (ch === ')') {
      lastGroupRepeats = groups.pop() ?? false;
      afterGroup = true;
      continue;
    }
    const quantifier =
      ch === '*' ||
      ch === '+' ||
      (ch === '{' && /^\{\d+(,\d*)?\}/.test(source.slice(i)));
    if (quantifier) {
      if (afterGroup && lastGroupRepeats) return true;
      if (groups.length) groups[groups.length - 1] = true;
      // A repeated group makes its enclosing group repeat too.
      afterGroup = false;
      continue;
    }
    afterGroup = false;
  }
  return false;
}
