/**
 * The static checks of one command that Go's parser and its first execution make: a nil
 * or non-function given arguments, argument counts, nil passed to the reflect builtins,
 * and printf's verbs against its arguments.
 */
import type { Arg, Command } from './ast';
import { PosError } from './errors';
import { countPrintfArgs } from './fmt';
import { FUNCS } from './functions';

const REFLECT_BUILTINS = new Set([
  'and',
  'or',
  'not',
  'len',
  'index',
  'slice',
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
]);

/** The problems of `cmd` (`piped`: it receives the pipeline's value as its last argument). */
export function commandIssues(cmd: Command, piped: boolean): PosError[] {
  const issues: PosError[] = [];
  const first = cmd.args[0];
  if (first.type === 'nil') {
    issues.push(new PosError(first.pos, 'nil is not a command'));
    return issues;
  }
  if (first.type !== 'func') {
    if (cmd.args.length > 1 || piped) {
      issues.push(
        new PosError(
          first.pos,
          `can't give argument to non-function ${describeArg(first)}`,
        ),
      );
    }
    return issues;
  }
  const def = FUNCS.get(first.name);
  if (!def) return issues; // already reported
  if (REFLECT_BUILTINS.has(first.name)) {
    // Go passes these reflect.Value arguments; a literal nil is rejected.
    for (const a of cmd.args.slice(1)) {
      if (a.type === 'nil') {
        issues.push(
          new PosError(a.pos, `${first.name}: nil is not a valid argument`),
        );
      }
    }
  }
  const n = cmd.args.length - 1 + (piped ? 1 : 0);
  if (n < def.min || n > def.max) {
    let want: string;
    if (def.max === Infinity) want = `at least ${def.min}`;
    else if (def.min === def.max) want = String(def.min);
    else want = `${def.min} to ${def.max}`;
    issues.push(
      new PosError(
        first.pos,
        `wrong number of args for ${first.name}: want ${want} got ${n}`,
      ),
    );
    return issues;
  }
  if (first.name === 'printf' && cmd.args[1]?.type === 'string') {
    const want = countPrintfArgs(cmd.args[1].value);
    const got = n - 1;
    if (want !== undefined && want !== got) {
      issues.push(
        new PosError(
          cmd.args[1].pos,
          `printf: format has ${want} verb${
            want === 1 ? '' : 's'
          } but ${got} argument${got === 1 ? '' : 's'}`,
        ),
      );
    }
  }
  return issues;
}

export function describeArg(a: Arg): string {
  switch (a.type) {
    case 'field':
      return `.${a.chain.map(c => c.name).join('.')}`;
    case 'variable':
      return [a.name, ...a.chain.map(c => c.name)].join('.');
    case 'dot':
      return '.';
    case 'string':
      return 'string constant';
    case 'number':
      return a.text;
    case 'bool':
      return String(a.value);
    case 'nil':
      return 'nil';
    case 'func':
      return a.name;
    default:
      return 'parenthesized pipeline';
  }
}
