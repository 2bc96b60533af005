/**
 * sprig's `semverCompare constraint version`, on Masterminds/semver v3.4: versions are read
 * loosely ("v1.2" is 1.2.0), constraints support `=`, `!=`, `<`, `<=`, `>`, `>=`, `~`, `^`,
 * wildcards (`1.2.x`), hyphen ranges (`1.2 - 1.4`), `,`/space for "and" and `||` for "or", and a
 * prerelease version only matches a constraint group that names a prerelease.
 */
import { strArg } from './funcArgs';
import { FuncError, type FuncDef } from './funcDef';

interface Version {
  major: bigint;
  minor: bigint;
  patch: bigint;
  pre: string;
}

const U64 = 2n ** 64n;

function parseUint(s: string): bigint | undefined {
  if (!/^\d+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n < U64 ? n : undefined;
}

const LOOSE =
  /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;

/** semver.NewVersion (coercing): undefined for what it refuses. */
function parseVersion(v: string): Version | undefined {
  const m = LOOSE.exec(v);
  if (!m) return undefined;
  const [major, minor, patch] = [m[1], m[2] ?? '.0', m[3] ?? '.0'].map(x =>
    parseUint(x.replace(/^\./, '')),
  );
  if (major === undefined || minor === undefined || patch === undefined)
    return undefined;
  const pre = m[5] ?? '';
  // A numeric prerelease identifier may not start with 0.
  if (
    pre !== '' &&
    pre.split('.').some(p => /^\d+$/.test(p) && p.length > 1 && p[0] === '0')
  )
    return undefined;
  return { major, minor, patch, pre };
}

function cmp(a: bigint, b: bigint): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function comparePart(s: string, o: string): number {
  if (s === o) return 0;
  if (s === '') return -1;
  if (o === '') return 1;
  const [si, oi] = [parseUint(s), parseUint(o)];
  if (si === undefined && oi === undefined) return s > o ? 1 : -1;
  if (oi === undefined) return -1;
  if (si === undefined) return 1;
  return si > oi ? 1 : -1;
}

function comparePre(v: string, o: string): number {
  const [a, b] = [v.split('.'), o.split('.')];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = comparePart(a[i] ?? '', b[i] ?? '');
    if (d !== 0) return d;
  }
  return 0;
}

function compare(v: Version, o: Version): number {
  const d =
    cmp(v.major, o.major) || cmp(v.minor, o.minor) || cmp(v.patch, o.patch);
  if (d !== 0) return d;
  if (v.pre === '' && o.pre === '') return 0;
  if (v.pre === '') return 1;
  if (o.pre === '') return -1;
  return comparePre(v.pre, o.pre);
}

interface Constraint {
  op: string;
  con: Version;
  dirty: boolean;
  minorDirty: boolean;
  patchDirty: boolean;
}

// Go's RE2 "\s" is ASCII whitespace without \v.
const S = '[\\t\\n\\f\\r ]';
const OPS = '=||!=|>|<|>=|=>|<=|=<|~|~>|\\^';
const CV =
  'v?([0-9|x|X|\\*]+)(\\.[0-9|x|X|\\*]+)?(\\.[0-9|x|X|\\*]+)?(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?';
const CONSTRAINT = new RegExp(`^${S}*(${OPS})${S}*(${CV})${S}*$`);
const RANGE = new RegExp(`${S}*(${CV})${S}+-${S}+(${CV})${S}*`, 'g');
const FIND = new RegExp(`(${OPS})${S}*(${CV})`, 'g');
/**
 * semver's validConstraintRegex, `^\s*OP\s*V\s*((\s+|,\s*)OP\s*V\s*)*$`, rewritten so that
 * JavaScript's backtracking cannot go exponential (Go's RE2 never backtracks): every run of
 * whitespace is matched atomically (a lookahead capture), which accepts the same strings
 * since no operator or version starts with whitespace.
 */
function validConstraint(): RegExp {
  let group = 0;
  const ws = () => {
    group++;
    return `(?=(${S}*))\\${group}`;
  };
  const item = () => `(?:${OPS})${ws()}${CV.replace(/\((?!\?)/g, '(?:')}`;
  const sep = () => `(?=[\\t\\n\\f\\r ,])${ws()}(?:,${ws()})?`;
  const first = `${ws()}${item()}`;
  return new RegExp(`^${first}(?:${sep()}${item()})*${ws()}$`);
}
const VALID = validConstraint();

const isX = (x: string | undefined) => x === 'x' || x === 'X' || x === '*';

function parseConstraint(c: string): Constraint {
  const m = CONSTRAINT.exec(c);
  if (!m) throw new FuncError('argument 1: improper constraint');
  const [op, full, major, minor = '', patch = '', pre = ''] = [
    m[1],
    m[2],
    m[3],
    m[4],
    m[5],
    m[6],
  ];
  let ver = full;
  let dirty = false;
  let minorDirty = false;
  let patchDirty = false;
  if (isX(major)) {
    ver = `0.0.0${pre}`;
    dirty = true;
  } else if (isX(minor.slice(1)) || minor === '') {
    ver = `${major}.0.0${pre}`;
    dirty = minorDirty = true;
  } else if (isX(patch.slice(1)) || patch === '') {
    ver = `${major}${minor}.0${pre}`;
    dirty = patchDirty = true;
  }
  const con = parseVersion(ver);
  if (!con) throw new FuncError('argument 1: constraint parser error');
  return { op, con, dirty, minorDirty, patchDirty };
}

/** One constraint against a version, as Masterminds/semver's constraint functions decide. */
function check(v: Version, c: Constraint, includePre: boolean): boolean {
  if (v.pre !== '' && !includePre) return false;
  const { con } = c;
  const tilde = () => {
    if (compare(v, con) < 0) return false;
    if (
      con.major === 0n &&
      con.minor === 0n &&
      con.patch === 0n &&
      !c.minorDirty &&
      !c.patchDirty
    )
      return true;
    return v.major === con.major && (v.minor === con.minor || c.minorDirty);
  };
  switch (c.op) {
    case '':
    case '=':
      return c.dirty ? tilde() : compare(v, con) === 0;
    case '!=':
      if (c.dirty) {
        if (con.major !== v.major) return true;
        if (con.minor !== v.minor && !c.minorDirty) return true;
        if (c.minorDirty) return false;
        if (con.patch !== v.patch && !c.patchDirty) return true;
        if (c.patchDirty) {
          if (v.pre !== '' || con.pre !== '')
            return comparePre(v.pre, con.pre) !== 0;
          return false;
        }
      }
      return compare(v, con) !== 0;
    case '>':
      if (!c.dirty) return compare(v, con) === 1;
      if (v.major !== con.major) return v.major > con.major;
      if (c.minorDirty) return false;
      if (c.patchDirty) return v.minor > con.minor;
      return compare(v, con) === 1;
    case '<':
      return compare(v, con) < 0;
    case '>=':
    case '=>':
      return compare(v, con) >= 0;
    case '<=':
    case '=<':
      if (!c.dirty) return compare(v, con) <= 0;
      if (v.major > con.major) return false;
      return !(v.major === con.major && v.minor > con.minor && !c.minorDirty);
    case '~':
    case '~>':
      return tilde();
    default: {
      // "^": same major (or, below 1.0.0, same minor / same patch).
      if (compare(v, con) < 0) return false;
      if (con.major > 0n || c.minorDirty) return v.major === con.major;
      if (v.major > 0n) return false;
      if (con.minor > 0n || c.patchDirty) return v.minor === con.minor;
      if (v.minor > 0n) return false;
      return con.patch === v.patch;
    }
  }
}

/** semver.NewConstraint(c).Check(v). */
function semverCompare(constraint: string, version: string): boolean {
  let text = constraint;
  for (const m of constraint.matchAll(RANGE))
    text = text.replace(m[0], `>= ${m[1]}, <= ${m[11]} `);
  const groups = text.split('||').map(part => {
    if (!VALID.test(part))
      throw new FuncError('argument 1: improper constraint');
    const found = [...part.matchAll(FIND)].map(m => m[0]);
    const cs = (found.length ? found : [part]).map(parseConstraint);
    return { cs, pre: cs.some(c => c.con.pre !== '') };
  });
  const v = parseVersion(version);
  if (!v) throw new FuncError('argument 2: invalid semantic version');
  return groups.some(g => g.cs.every(c => check(v, c, g.pre)));
}

export const SEMVER_FUNCS: Record<string, FuncDef> = {
  semverCompare: {
    min: 2,
    max: 2,
    call: a => {
      const [c, v] = [strArg(a, 0), strArg(a, 1)];
      return semverCompare(c, v);
    },
  },
};
