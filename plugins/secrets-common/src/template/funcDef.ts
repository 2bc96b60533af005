import type { Value } from './values';

/**
 * A function failure. Its message names positions and types, never argument values —
 * except `fail` and `required`, whose author text `execute` clears of secret values.
 */
export class FuncError extends Error {}

/** A template function: its argument count range and implementation. */
export interface FuncDef {
  min: number;
  max: number;
  /** `and` / `or`: arguments are evaluated lazily by the executor. */
  lazy?: boolean;
  call(args: Value[]): Value;
}
