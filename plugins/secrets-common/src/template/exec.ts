/**
 * Executes a parsed template, following Go's `text/template/exec.go` with
 * `Option("missingkey=error")`, as ESO configures it.
 */
import type { Arg, BranchNode, ChainLink, Command, Node, Pipe } from './ast';
import { PosError } from './errors';
import { chargeWork, resetWork } from './funcArgs';
import { FuncError, FUNCS } from './functions';
import { GoMap, isTrue, printForOutput, typeName, type Value } from './values';

/** Kubernetes caps a Secret at 1 MiB; stop well before runaway output. */
const MAX_OUTPUT = 4 * 1024 * 1024;
const MAX_ITERATIONS = 1_000_000;

const BREAK = Symbol('break');
const CONTINUE = Symbol('continue');
const NO_FINAL: unique symbol = Symbol('no final');
type Final = Value | typeof NO_FINAL;

class State {
  out = '';
  private iterations = 0;
  private readonly vars: { name: string; value: Value }[];

  constructor(readonly root: Value) {
    this.vars = [{ name: '$', value: root }];
  }

  walkList(nodes: Node[], dot: Value): void {
    for (const n of nodes) this.walk(n, dot);
  }

  private emit(text: string, pos: number): void {
    this.out += text;
    if (this.out.length > MAX_OUTPUT) {
      throw new PosError(pos, 'output exceeds the size limit');
    }
  }

  private walk(node: Node, dot: Value): void {
    switch (node.type) {
      case 'text':
        this.emit(node.text, node.pos);
        return;
      case 'action': {
        const v = this.evalPipeline(node.pipe, dot);
        if (node.pipe.decl.length === 0) this.emit(printForOutput(v), node.pos);
        return;
      }
      case 'if':
      case 'with': {
        const mark = this.vars.length;
        const v = this.evalPipeline(node.pipe, dot);
        if (isTrue(v)) this.walkList(node.list, node.type === 'with' ? v : dot);
        else if (node.elseList) this.walkList(node.elseList, dot);
        this.vars.length = mark;
        return;
      }
      case 'range':
        this.walkRange(node, dot);
        return;
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
      default:
    }
  }

  private walkRange(node: BranchNode, dot: Value): void {
    const outer = this.vars.length;
    const val = this.evalCommands(node.pipe, dot);
    const decl = node.pipe.decl;
    if (!node.pipe.isAssign) {
      for (const d of decl) this.vars.push({ name: d.name, value: val });
    }
    const mark = this.vars.length;
    const one = (index: Value, elem: Value): boolean => {
      if (++this.iterations > MAX_ITERATIONS) {
        throw new PosError(node.pos, 'range: too many iterations');
      }
      if (decl.length === 1) this.setVar(decl[0], elem, node.pipe.isAssign);
      if (decl.length === 2) {
        this.setVar(decl[0], index, node.pipe.isAssign);
        this.setVar(decl[1], elem, node.pipe.isAssign);
      }
      try {
        this.walkList(node.list, elem);
      } catch (e) {
        if (e === BREAK) return false;
        if (e !== CONTINUE) throw e;
      } finally {
        this.vars.length = mark;
      }
      return true;
    };
    let count = 0;
    if (Array.isArray(val)) {
      count = val.length;
      for (let i = 0; i < val.length; i++) if (!one(BigInt(i), val[i])) break;
    } else if (val instanceof GoMap) {
      const keys = val.sortedKeys();
      count = keys.length;
      for (const k of keys) if (!one(k, val.entries.get(k)!)) break;
    } else if (typeof val === 'bigint') {
      if (decl.length > 1) {
        throw new PosError(
          node.pipe.pos,
          "can't iterate over an int with two variables",
        );
      }
      count = val > 0n ? 1 : 0;
      for (let i = 0n; i < val; i++) if (!one(i, i)) break;
    } else if (val !== null) {
      throw new PosError(
        node.pipe.pos,
        `range can't iterate over ${typeName(val)}`,
      );
    }
    if (count === 0 && node.elseList) this.walkList(node.elseList, dot);
    this.vars.length = outer;
  }

  /** Per-iteration variable: a fresh binding, or an assignment to an outer one. */
  private setVar(d: ChainLink, value: Value, assign: boolean): void {
    if (assign) {
      this.assign(d, value);
      return;
    }
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === d.name) {
        this.vars[i].value = value;
        return;
      }
    }
  }

  private assign(d: ChainLink, value: Value): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === d.name) {
        this.vars[i].value = value;
        return;
      }
    }
    throw new PosError(d.pos, `undefined variable "${d.name}"`);
  }

  private lookup(name: string, pos: number): Value {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) return this.vars[i].value;
    }
    throw new PosError(pos, `undefined variable "${name}"`);
  }

  private evalCommands(pipe: Pipe, dot: Value): Value {
    let value: Final = NO_FINAL;
    for (const cmd of pipe.cmds) value = this.evalCommand(cmd, dot, value);
    return value as Value;
  }

  private evalPipeline(pipe: Pipe, dot: Value): Value {
    const value = this.evalCommands(pipe, dot);
    for (const d of pipe.decl) {
      if (pipe.isAssign) this.assign(d, value);
      else this.vars.push({ name: d.name, value });
    }
    return value;
  }

  private evalCommand(cmd: Command, dot: Value, final: Final): Value {
    const first = cmd.args[0];
    if (first.type === 'func')
      return this.evalFunction(first, cmd.args.slice(1), dot, final);
    // The parser rejects arguments to non-functions.
    return this.evalArg(first, dot);
  }

  private evalFunction(
    node: Extract<Arg, { type: 'func' }>,
    argNodes: Arg[],
    dot: Value,
    final: Final,
  ): Value {
    const def = FUNCS.get(node.name)!;
    if (def.lazy) {
      // and / or: stop at the first falsy / truthy argument, as Go >= 1.18.
      const wantTruth = node.name === 'or';
      let v: Value = null;
      const n = argNodes.length + (final === NO_FINAL ? 0 : 1);
      for (let i = 0; i < n; i++) {
        v =
          i < argNodes.length
            ? this.evalArg(argNodes[i], dot)
            : (final as Value);
        if (isTrue(v) === wantTruth) return v;
      }
      return v;
    }
    const args = argNodes.map(a => this.evalArg(a, dot));
    if (final !== NO_FINAL) args.push(final);
    try {
      // Functions read their string arguments whole (to encode, hash, search...).
      chargeWork(
        args.reduce<number>(
          (n, a) => n + (typeof a === 'string' ? a.length : 0),
          1,
        ),
      );
      const result = def.call(args);
      // An argument handed back (`set` returns its map) was not built by the call.
      if (!args.includes(result)) chargeWork(resultSize(result));
      return result;
    } catch (e) {
      if (e instanceof FuncError) {
        throw new PosError(node.pos, `${node.name}: ${e.message}`);
      }
      // Engine errors (RangeError etc.) may quote values: never pass them on.
      const why = e instanceof RangeError ? 'result is too large' : 'failed';
      throw new PosError(node.pos, `${node.name}: ${why}`);
    }
  }

  private evalArg(a: Arg, dot: Value): Value {
    switch (a.type) {
      case 'dot':
        return dot;
      case 'nil':
        return null;
      case 'bool':
      case 'string':
      case 'number':
        return a.value;
      case 'field':
        return this.evalChain(dot, a.chain);
      case 'variable':
        return this.evalChain(this.lookup(a.name, a.pos), a.chain);
      case 'chain':
        return this.evalChain(this.evalArg(a.node, dot), a.chain);
      case 'pipe':
        return this.evalPipeline(a.pipe, dot);
      case 'func':
        return this.evalFunction(a, [], dot, NO_FINAL);
      default:
        return null;
    }
  }

  private evalChain(receiver: Value, chain: ChainLink[]): Value {
    let v = receiver;
    for (const link of chain) {
      if (v instanceof GoMap) {
        if (!v.entries.has(link.name)) {
          throw new PosError(
            link.pos,
            `map has no entry for key "${link.name}"`,
          );
        }
        v = v.entries.get(link.name)!;
      } else if (v === null) {
        throw new PosError(
          link.pos,
          `nil pointer evaluating interface {}.${link.name}`,
        );
      } else {
        throw new PosError(
          link.pos,
          `can't evaluate field ${link.name} in type ${typeName(v)}`,
        );
      }
    }
    return v;
  }
}

/** What a function's result costs against the render's work bound: its length or size. */
function resultSize(v: Value): number {
  if (typeof v === 'string' || Array.isArray(v)) return v.length;
  if (v instanceof GoMap) return v.entries.size;
  return 0;
}

/** Runs `nodes` with `data` as dot. Throws {@link PosError}. */
export function execute(nodes: Node[], data: Record<string, string>): string {
  resetWork();
  const s = new State(GoMap.fromRecord(data));
  try {
    s.walkList(nodes, s.root);
  } catch (e) {
    // `fail` and `required` carry their author's message, which a value may have built:
    // no secret value leaves in an error, whatever built the message.
    if (e instanceof PosError)
      throw new PosError(e.pos, redact(e.message, data));
    throw e;
  }
  return s.out;
}

/** `text` with every non-empty value of `data` replaced, longest first. */
function redact(text: string, data: Record<string, string>): string {
  return Object.values(data)
    .filter(v => v.length > 0)
    .sort((a, b) => b.length - a.length)
    .reduce((t, v) => t.split(v).join('[redacted]'), text);
}
