/**
 * Parser for Go `text/template`, following `text/template/parse/parse.go`.
 * Syntax errors stop the parse (thrown as {@link PosError}); static
 * problems (unknown functions, undefined variables, wrong argument counts,
 * printf verb/argument mismatches) are collected so that validation reports
 * all of them at once.
 */
import type { Arg, ChainLink, Command, Node, Pipe } from './ast';
import { PosError } from './errors';
import { FUNCS } from './functions';
import { commandIssues, describeArg } from './commandIssues';
import { parseNumber } from './parseNumber';
import { lex, type Token } from './lexer';

/** Result of {@link parseTemplate}. */
export interface ParsedTemplate {
  nodes: Node[];
  /** Static problems; the tree is only executable when this is empty. */
  issues: PosError[];
}

type Stop = { kind: 'end' | 'else' | 'eof'; pos: number };

function describe(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of template';
    case 'rightDelim':
      return '"}}"';
    case 'text':
      return 'text';
    default:
      return JSON.stringify(t.val);
  }
}

class Parser {
  readonly issues: PosError[] = [];
  private i = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;

  constructor(private readonly toks: Token[]) {}

  top(): Node[] {
    const r = this.list(undefined);
    return r.nodes;
  }

  private next(): Token {
    return this.toks[this.i++];
  }

  private peek(): Token {
    return this.toks[this.i];
  }

  private nextNonSpace(): Token {
    let t = this.next();
    while (t.kind === 'space') t = this.next();
    return t;
  }

  private peekNonSpace(): Token {
    let j = this.i;
    while (this.toks[j].kind === 'space') j++;
    return this.toks[j];
  }

  private expectRightDelim(context: string): void {
    const t = this.nextNonSpace();
    if (t.kind !== 'rightDelim') {
      throw new PosError(t.pos, `unexpected ${describe(t)} in ${context}`);
    }
  }

  private list(control: { kind: string; pos: number } | undefined): {
    nodes: Node[];
    stop: Stop;
  } {
    const nodes: Node[] = [];
    for (;;) {
      const t = this.next();
      if (t.kind === 'eof') {
        if (control) {
          throw new PosError(
            control.pos,
            `unexpected end of template: {{${control.kind}}} has no matching {{end}}`,
          );
        }
        return { nodes, stop: { kind: 'eof', pos: t.pos } };
      }
      if (t.kind === 'text') {
        nodes.push({ type: 'text', pos: t.pos, text: t.val });
        continue;
      }
      // t is a left delimiter.
      const k = this.peekNonSpace();
      if (k.kind === 'keyword') {
        switch (k.val) {
          case 'end':
            this.nextNonSpace();
            if (!control) throw new PosError(k.pos, 'unexpected {{end}}');
            this.expectRightDelim('end');
            return { nodes, stop: { kind: 'end', pos: k.pos } };
          case 'else':
            this.nextNonSpace();
            if (!control) throw new PosError(k.pos, 'unexpected {{else}}');
            return { nodes, stop: { kind: 'else', pos: k.pos } };
          case 'if':
          case 'with':
          case 'range':
            this.nextNonSpace();
            nodes.push(this.control(k.val, t.pos));
            continue;
          case 'break':
          case 'continue':
            this.nextNonSpace();
            if (this.rangeDepth === 0) {
              throw new PosError(k.pos, `{{${k.val}}} outside {{range}}`);
            }
            this.expectRightDelim(k.val);
            nodes.push({ type: k.val, pos: k.pos });
            continue;
          default:
            throw new PosError(
              k.pos,
              `{{${k.val}}} is not supported: a mapping template is a single template`,
            );
        }
      }
      const pipe = this.pipeline('command', 'rightDelim');
      nodes.push({ type: 'action', pos: t.pos, pipe });
    }
  }

  private control(kind: 'if' | 'with' | 'range', pos: number): Node {
    const mark = this.vars.length;
    const pipe = this.pipeline(kind, 'rightDelim');
    if (kind === 'range') this.rangeDepth++;
    const r = this.list({ kind, pos });
    if (kind === 'range') this.rangeDepth--;
    let elseList: Node[] | undefined;
    if (r.stop.kind === 'else') {
      const nxt = this.peekNonSpace();
      if (nxt.kind === 'keyword' && (nxt.val === 'if' || nxt.val === 'with')) {
        // {{else if ...}} is {{else}}{{if ...}}...{{end}}{{end}}.
        this.nextNonSpace();
        elseList = [this.control(nxt.val as 'if' | 'with', r.stop.pos)];
      } else {
        this.expectRightDelim('else');
        const r2 = this.list({ kind, pos });
        if (r2.stop.kind !== 'end') {
          throw new PosError(r2.stop.pos, 'expected {{end}}; found {{else}}');
        }
        elseList = r2.nodes;
      }
    }
    this.vars.length = mark;
    return { type: kind, pos, pipe, list: r.nodes, elseList };
  }

  private checkVar(name: string, pos: number): void {
    if (!this.vars.includes(name)) {
      this.issues.push(new PosError(pos, `undefined variable "${name}"`));
    }
  }

  private pipeline(context: string, end: 'rightDelim' | 'rparen'): Pipe {
    const start = this.peekNonSpace();
    const pipe: Pipe = { pos: start.pos, decl: [], isAssign: false, cmds: [] };
    if (start.kind === 'variable') {
      const save = this.i;
      this.nextNonSpace();
      const after = this.peekNonSpace();
      if (after.kind === 'declare' || after.kind === 'assign') {
        this.nextNonSpace();
        pipe.isAssign = after.kind === 'assign';
        pipe.decl.push({ name: start.val, pos: start.pos });
      } else if (after.kind === 'comma') {
        if (context !== 'range') {
          throw new PosError(after.pos, `too many declarations in ${context}`);
        }
        this.nextNonSpace();
        const v2 = this.nextNonSpace();
        if (v2.kind !== 'variable') {
          throw new PosError(v2.pos, 'range can only initialize variables');
        }
        const op = this.nextNonSpace();
        if (op.kind !== 'declare' && op.kind !== 'assign') {
          throw new PosError(op.pos, `expected ":=" after ${v2.val}`);
        }
        pipe.isAssign = op.kind === 'assign';
        pipe.decl.push(
          { name: start.val, pos: start.pos },
          { name: v2.val, pos: v2.pos },
        );
      } else {
        this.i = save;
      }
      if (pipe.isAssign) {
        for (const d of pipe.decl) this.checkVar(d.name, d.pos);
      }
    }
    for (;;) {
      const t = this.nextNonSpace();
      if (t.kind === end) break;
      if (t.kind === 'pipe') {
        throw new PosError(t.pos, 'missing command before "|"');
      }
      if (
        [
          'bool',
          'char',
          'dot',
          'field',
          'identifier',
          'number',
          'nil',
          'string',
          'variable',
          'lparen',
        ].includes(t.kind)
      ) {
        this.i--;
        const cmd = this.command(context);
        pipe.cmds.push(cmd);
        if (this.toks[this.i - 1].kind === 'pipe') {
          const n = this.peekNonSpace();
          if (n.kind === end) {
            throw new PosError(
              this.toks[this.i - 1].pos,
              'missing command after "|"',
            );
          }
        }
        continue;
      }
      if (t.kind === 'eof' || (t.kind === 'rightDelim' && end === 'rparen')) {
        throw new PosError(t.pos, `unclosed left paren in ${context}`);
      }
      throw new PosError(t.pos, `unexpected ${describe(t)} in ${context}`);
    }
    if (pipe.cmds.length === 0) {
      throw new PosError(pipe.pos, `missing value for ${context}`);
    }
    pipe.cmds.forEach((cmd, stage) => {
      const first = cmd.args[0];
      if (
        stage > 0 &&
        ['bool', 'dot', 'nil', 'number', 'string'].includes(first.type)
      ) {
        throw new PosError(
          first.pos,
          `non executable command in pipeline stage ${stage + 1}`,
        );
      }
      this.issues.push(...commandIssues(cmd, stage > 0));
    });
    if (!pipe.isAssign) {
      for (const d of pipe.decl) this.vars.push(d.name);
    }
    return pipe;
  }

  private command(context: string): Command {
    const cmd: Command = { pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      while (this.peek().kind === 'space') this.next();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const t = this.next();
      if (t.kind === 'space') continue;
      if (t.kind === 'rightDelim' || t.kind === 'rparen') {
        this.i--;
        break;
      }
      if (t.kind === 'pipe') break;
      if (t.kind === 'eof')
        throw new PosError(t.pos, `unexpected end of template in ${context}`);
      throw new PosError(t.pos, `unexpected ${describe(t)} in operand`);
    }
    if (cmd.args.length === 0) throw new PosError(cmd.pos, 'empty command');
    return cmd;
  }

  private operand(): Arg | undefined {
    const term = this.term();
    if (!term) return undefined;
    if (this.peek().kind !== 'field') return term;
    const chain: ChainLink[] = [];
    while (this.peek().kind === 'field') {
      const f = this.next();
      chain.push({ name: f.val.slice(1), pos: f.pos });
    }
    switch (term.type) {
      case 'field':
      case 'variable':
        term.chain.push(...chain);
        return term;
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        throw new PosError(
          chain[0].pos,
          `unexpected . after term ${describeArg(term)}`,
        );
      default:
        return { type: 'chain', pos: term.pos, node: term, chain };
    }
  }

  private term(): Arg | undefined {
    const t = this.peek();
    switch (t.kind) {
      case 'identifier':
        this.next();
        if (!FUNCS.has(t.val)) {
          this.issues.push(
            new PosError(t.pos, `function "${t.val}" not defined`),
          );
        }
        return { type: 'func', pos: t.pos, name: t.val };
      case 'dot':
        this.next();
        return { type: 'dot', pos: t.pos };
      case 'nil':
        this.next();
        return { type: 'nil', pos: t.pos };
      case 'variable':
        this.next();
        this.checkVar(t.val, t.pos);
        return { type: 'variable', pos: t.pos, name: t.val, chain: [] };
      case 'field':
        this.next();
        return {
          type: 'field',
          pos: t.pos,
          chain: [{ name: t.val.slice(1), pos: t.pos }],
        };
      case 'bool':
        this.next();
        return { type: 'bool', pos: t.pos, value: t.val === 'true' };
      case 'number':
        this.next();
        return {
          type: 'number',
          pos: t.pos,
          text: t.val,
          value: parseNumber(t),
        };
      case 'char':
        this.next();
        return {
          type: 'number',
          pos: t.pos,
          text: t.val,
          value: BigInt(t.value as number),
        };
      case 'string':
        this.next();
        return { type: 'string', pos: t.pos, value: t.value as string };
      case 'lparen': {
        this.next();
        const pipe = this.pipeline('parenthesized pipeline', 'rparen');
        return { type: 'pipe', pos: t.pos, pipe };
      }
      default:
        return undefined;
    }
  }
}

/** Parses a template. Throws {@link PosError} on the first syntax error. */
export function parseTemplate(source: string): ParsedTemplate {
  const p = new Parser(lex(source));
  const nodes = p.top();
  p.issues.sort((a, b) => a.pos - b.pos);
  return { nodes, issues: p.issues };
}
