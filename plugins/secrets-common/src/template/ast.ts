/** Syntax tree of a parsed template (mirrors Go's `text/template/parse`). */

/** A name in a field chain, with its source offset. */
export interface ChainLink {
  name: string;
  pos: number;
}

/** Operands of a command. */
export type Arg =
  | { type: 'field'; pos: number; chain: ChainLink[] }
  | { type: 'dot'; pos: number }
  | { type: 'variable'; pos: number; name: string; chain: ChainLink[] }
  | { type: 'func'; pos: number; name: string }
  | { type: 'chain'; pos: number; node: Arg; chain: ChainLink[] }
  | { type: 'pipe'; pos: number; pipe: Pipe }
  | { type: 'string'; pos: number; value: string }
  | { type: 'number'; pos: number; text: string; value: bigint | number }
  | { type: 'bool'; pos: number; value: boolean }
  | { type: 'nil'; pos: number };

/** One pipeline stage: a function or operand and its arguments. */
export interface Command {
  pos: number;
  args: Arg[];
}

/** A pipeline, optionally declaring or assigning variables. */
export interface Pipe {
  pos: number;
  decl: ChainLink[];
  isAssign: boolean;
  cmds: Command[];
}

/** `if`, `with` and `range`, with their optional `else` branch. */
export interface BranchNode {
  type: 'if' | 'with' | 'range';
  pos: number;
  pipe: Pipe;
  list: Node[];
  elseList?: Node[];
}

/** Nodes of a template body. */
export type Node =
  | { type: 'text'; pos: number; text: string }
  | { type: 'action'; pos: number; pipe: Pipe }
  | BranchNode
  | { type: 'break' | 'continue'; pos: number };
