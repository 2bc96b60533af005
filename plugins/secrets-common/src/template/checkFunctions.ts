/**
 * sprig's `fail` and `required`: a template that stops the sync with its author's message.
 * That message may be built from a value (`.password | required "..."`), so the executor
 * removes every secret value from it before it reaches a status (see `execute`).
 */
import { FuncError, type FuncDef } from './funcDef';
import { typeName, type Value } from './values';

const message = (v: Value) => {
  if (typeof v !== 'string')
    throw new FuncError(`argument 1: expected string, got ${typeName(v)}`);
  return v;
};

export const CHECK_FUNCS: Record<string, FuncDef> = {
  /** `fail "msg"`: the sync fails with the message. */
  fail: {
    min: 1,
    max: 1,
    call: ([msg]) => {
      throw new FuncError(message(msg));
    },
  },
  /** `required "msg" val`: `val`, unless it is nil or the empty string. */
  required: {
    min: 2,
    max: 2,
    call: ([msg, val]) => {
      if (val === null || val === '') throw new FuncError(message(msg));
      return val;
    },
  },
};
