/**
 * sprig's path functions: Go's `path` package (`base`, `dir`, `clean`, `ext`, `isAbs`) and
 * `path/filepath` (`osBase`...). ESO runs on Linux, where filepath uses "/" and behaves as path.
 */
import { strArg } from './funcArgs';
import type { FuncDef } from './funcDef';

/** `path.Clean`: lexical processing of ".", ".." and repeated slashes. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/** `path.Base`: the last element, trailing slashes removed. */
function base(p: string): string {
  if (p === '') return '.';
  const trimmed = p.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** `path.Dir`: all but the last element, cleaned. */
const dir = (p: string) => cleanPath(p.slice(0, p.lastIndexOf('/') + 1));

/** `path.Ext`: from the last dot of the last element. */
function ext(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--)
    if (p[i] === '.') return p.slice(i);
  return '';
}

const one = (f: (s: string) => string | boolean): FuncDef => ({
  min: 1,
  max: 1,
  call: a => f(strArg(a, 0)),
});

export const PATH_FUNCS: Record<string, FuncDef> = {
  base: one(base),
  dir: one(dir),
  clean: one(cleanPath),
  ext: one(ext),
  isAbs: one(p => p.startsWith('/')),
  osBase: one(base),
  osDir: one(dir),
  osClean: one(cleanPath),
  osExt: one(ext),
  osIsAbs: one(p => p.startsWith('/')),
};
