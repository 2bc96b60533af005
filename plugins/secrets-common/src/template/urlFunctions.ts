/**
 * sprig's `urlParse` and `urlJoin`, on Go's `net/url` (Parse, Hostname, URL.String). Go works
 * on bytes, so the port does too: strings are handled as one character per UTF-8 byte, and a
 * result that is not UTF-8 text (a "%ff" escape) is refused.
 */
import { utf8Decode, utf8Encode } from './encoding';
import { dictArg, strArg } from './funcArgs';
import { FuncError, type FuncDef } from './funcDef';
import { GoMap, typeName, type Value } from './values';

type Mode =
  | 'path'
  | 'pathSegment'
  | 'host'
  | 'zone'
  | 'userPassword'
  | 'query'
  | 'fragment';

const isAlnum = (c: string) => /^[A-Za-z0-9]$/.test(c);
const isHex = (c: string | undefined) =>
  c !== undefined && /^[0-9A-Fa-f]$/.test(c);

/** net/url's shouldEscape for one byte (as a character code 0..255). */
function shouldEscape(c: string, mode: Mode): boolean {
  if (isAlnum(c)) return false;
  if ((mode === 'host' || mode === 'zone') && `!$&'()*+,;=:[]<>"`.includes(c))
    return false;
  if ('-_.~'.includes(c)) return false;
  if ('$&+,/:;=?@'.includes(c)) {
    switch (mode) {
      case 'path':
        return c === '?';
      case 'pathSegment':
        return '/;,?'.includes(c);
      case 'userPassword':
        return '@/?:'.includes(c);
      case 'query':
        return true;
      case 'fragment':
        return false;
      default:
    }
  }
  if (mode === 'fragment' && '!()*'.includes(c)) return false;
  return true;
}

/** A string as one character per UTF-8 byte. */
function bytesOf(s: string): string {
  const b = utf8Encode(s);
  let out = '';
  for (let i = 0; i < b.length; i += 8192)
    out += String.fromCharCode(...b.subarray(i, i + 8192));
  return out;
}
function textOf(b: string): string {
  const s = utf8Decode(Uint8Array.from(b, c => c.charCodeAt(0)));
  if (s === undefined)
    throw new FuncError('the URL decodes to bytes that are not UTF-8 text');
  return s;
}

function escape(s: string, mode: Mode): string {
  let out = '';
  for (const c of s) {
    if (c === ' ' && mode === 'query') out += '+';
    else if (shouldEscape(c, mode))
      out += `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
    else out += c;
  }
  return out;
}

const unhex = (c: string) => parseInt(c, 16);

function unescape(s: string, mode: Mode): string {
  for (let i = 0; i < s.length; ) {
    const c = s[i];
    if (c === '%') {
      if (!isHex(s[i + 1]) || !isHex(s[i + 2]))
        throw new FuncError('invalid URL escape');
      const v = unhex(s.slice(i + 1, i + 3));
      if (mode === 'host' && unhex(s[i + 1]) < 8 && s.slice(i, i + 3) !== '%25')
        throw new FuncError('invalid URL escape');
      if (
        mode === 'zone' &&
        s.slice(i, i + 3) !== '%25' &&
        v !== 0x20 &&
        shouldEscape(String.fromCharCode(v), 'host')
      )
        throw new FuncError('invalid URL escape');
      i += 3;
    } else {
      if (
        (mode === 'host' || mode === 'zone') &&
        c.charCodeAt(0) < 0x80 &&
        shouldEscape(c, mode)
      )
        throw new FuncError('invalid character in host name');
      i++;
    }
  }
  return s.replace(/%([0-9A-Fa-f]{2})|\+/g, (_, hex: string | undefined) => {
    if (hex) return String.fromCharCode(unhex(hex));
    return mode === 'query' ? ' ' : '+';
  });
}

function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

/** netip.ParseAddr, as far as telling an IPv6 address (with optional zone) from anything else. */
function isIPv6(s: string): boolean {
  const [addr, zone, ...more] = s.split('%');
  if (more.length > 0 || zone === '') return false;
  let groups = addr;
  let extra = 0;
  const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(addr);
  if (v4) {
    const ok = v4[2]
      .split('.')
      .every(p => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) < 256);
    if (!ok) return false;
    groups = v4[1].endsWith('::') ? v4[1] : v4[1].slice(0, -1);
    extra = 2;
  }
  const halves = groups.split('::');
  if (halves.length > 2) return false;
  const parts = halves.map(h => (h === '' ? [] : h.split(':')));
  if (!parts.every(p => p.every(g => /^[0-9A-Fa-f]{1,4}$/.test(g))))
    return false;
  const n = parts.reduce((k, p) => k + p.length, 0) + extra;
  return halves.length === 2 ? n < 8 : n === 8;
}

function parseHost(scheme: string, host: string): string {
  const open = host.lastIndexOf('[');
  if (open > 0) throw new FuncError('invalid IP-literal');
  if (open === 0) {
    const close = host.lastIndexOf(']');
    if (close < 0) throw new FuncError("missing ']' in host");
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort))
      throw new FuncError('invalid port after host');
    const port = unescape(colonPort, 'host');
    const name = host.slice(1, close);
    const zoneAt = name.indexOf('%25');
    const unescaped =
      zoneAt >= 0
        ? unescape(name.slice(0, zoneAt), 'host') +
          unescape(name.slice(zoneAt), 'zone')
        : unescape(name, 'host');
    if (!isIPv6(unescaped)) throw new FuncError('invalid host');
    return `[${unescaped}]${port}`;
  }
  let i = host.indexOf(':');
  if (i >= 0) {
    const last = host.lastIndexOf(':');
    // Go 1.26 keeps the first colon for http(s) hosts ("urlstrictcolons").
    if (last !== i && scheme !== 'http' && scheme !== 'https') i = last;
    if (!validOptionalPort(host.slice(i)))
      throw new FuncError('invalid port after host');
  }
  return unescape(host, 'host');
}

const validUserinfo = (s: string) =>
  /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(s);

interface Url {
  scheme: string;
  opaque: string;
  user?: { name: string; password?: string };
  host: string;
  path: string;
  rawPath: string;
  forceQuery: boolean;
  rawQuery: string;
  fragment: string;
  rawFragment: string;
  omitHost: boolean;
}

/** net/url's Parse, on a byte string. */
function parseUrl(raw: string): Url {
  const hash = raw.indexOf('#');
  let rest = hash < 0 ? raw : raw.slice(0, hash);
  const u: Url = {
    scheme: '',
    opaque: '',
    host: '',
    path: '',
    rawPath: '',
    forceQuery: false,
    rawQuery: '',
    fragment: '',
    rawFragment: '',
    omitHost: false,
  };
  if ([...rest].some(c => c < ' ' || c === '\x7f'))
    throw new FuncError('invalid control character in URL');
  if (rest === '*') u.path = '*';
  else {
    const m = /^([A-Za-z][A-Za-z0-9+\-.]*):/.exec(rest);
    if (rest.startsWith(':')) throw new FuncError('missing protocol scheme');
    if (m) {
      u.scheme = m[1].toLowerCase();
      rest = rest.slice(m[0].length);
    }
    if (rest.endsWith('?') && rest.split('?').length === 2) {
      u.forceQuery = true;
      rest = rest.slice(0, -1);
    } else if (rest.includes('?')) {
      u.rawQuery = rest.slice(rest.indexOf('?') + 1);
      rest = rest.slice(0, rest.indexOf('?'));
    }
    const opaque = !rest.startsWith('/') && u.scheme !== '';
    if (opaque) u.opaque = rest;
    else if (!rest.startsWith('/') && rest.split('/')[0].includes(':'))
      throw new FuncError('first path segment in URL cannot contain colon');
    if (!opaque) {
      if (
        (u.scheme !== '' || !rest.startsWith('///')) &&
        rest.startsWith('//')
      ) {
        let authority = rest.slice(2);
        rest = '';
        const slash = authority.indexOf('/');
        if (slash >= 0)
          [authority, rest] = [
            authority.slice(0, slash),
            authority.slice(slash),
          ];
        const at = authority.lastIndexOf('@');
        u.host = parseHost(
          u.scheme,
          at < 0 ? authority : authority.slice(at + 1),
        );
        if (at >= 0) {
          const info = authority.slice(0, at);
          if (!validUserinfo(info)) throw new FuncError('invalid userinfo');
          const colon = info.indexOf(':');
          u.user =
            colon < 0
              ? { name: unescape(info, 'userPassword') }
              : {
                  name: unescape(info.slice(0, colon), 'userPassword'),
                  password: unescape(info.slice(colon + 1), 'userPassword'),
                };
        }
      } else if (u.scheme !== '' && rest.startsWith('/')) u.omitHost = true;
      u.path = unescape(rest, 'path');
      u.rawPath = escape(u.path, 'path') === rest ? '' : rest;
    }
  }
  if (hash >= 0 && raw.length > hash + 1) {
    const f = raw.slice(hash + 1);
    u.fragment = unescape(f, 'fragment');
    u.rawFragment = escape(u.fragment, 'fragment') === f ? '' : f;
  }
  return u;
}

function validEncoded(s: string, mode: Mode): boolean {
  return [...s].every(
    c => "!$&'()*+,;=:@[]%".includes(c) || !shouldEscape(c, mode),
  );
}

function escapedRaw(
  raw: string,
  decoded: string,
  mode: Mode,
): string | undefined {
  if (raw === '' || !validEncoded(raw, mode)) return undefined;
  try {
    return unescape(raw, mode) === decoded ? raw : undefined;
  } catch {
    return undefined;
  }
}

const userString = (user: NonNullable<Url['user']>) =>
  escape(user.name, 'userPassword') +
  (user.password === undefined
    ? ''
    : `:${escape(user.password, 'userPassword')}`);

/** net/url's URL.String. */
function urlString(u: Url): string {
  let buf = u.scheme === '' ? '' : `${u.scheme}:`;
  if (u.opaque !== '') buf += u.opaque;
  else {
    if (
      (u.scheme !== '' || u.host !== '' || u.user) &&
      !(u.omitHost && u.host === '' && !u.user)
    ) {
      if (u.host !== '' || u.path !== '' || u.user) buf += '//';
      if (u.user) buf += `${userString(u.user)}@`;
      if (u.host !== '') buf += escape(u.host, 'host');
    }
    let path = escapedRaw(u.rawPath, u.path, 'path');
    if (path === undefined)
      path = u.path === '*' ? '*' : escape(u.path, 'path');
    if (path !== '' && path[0] !== '/' && u.host !== '') buf += '/';
    if (buf === '' && path.split('/')[0].includes(':')) buf += './';
    buf += path;
  }
  if (u.forceQuery || u.rawQuery !== '') buf += `?${u.rawQuery}`;
  if (u.fragment !== '')
    buf += `#${
      escapedRaw(u.rawFragment, u.fragment, 'fragment') ??
      escape(u.fragment, 'fragment')
    }`;
  return buf;
}

/** url.URL's Hostname: the host without its port and brackets. */
function hostname(host: string): string {
  let h = host;
  const colon = h.lastIndexOf(':');
  if (colon >= 0 && validOptionalPort(h.slice(colon))) h = h.slice(0, colon);
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  return h;
}

function dictString(d: GoMap, key: string): string {
  if (!d.entries.has(key)) return '';
  const v: Value = d.entries.get(key)!;
  if (typeof v !== 'string')
    throw new FuncError(
      `unable to parse ${key} key, must be of type string, but ${typeName(
        v,
      )} found`,
    );
  return bytesOf(v);
}

export const URL_FUNCS: Record<string, FuncDef> = {
  /** `urlParse s`: a dict of scheme, host, hostname, path, query, opaque, fragment, userinfo. */
  urlParse: {
    min: 1,
    max: 1,
    call: a => {
      let u: Url;
      try {
        u = parseUrl(bytesOf(strArg(a, 0)));
      } catch (e) {
        if (e instanceof FuncError)
          throw new FuncError(`unable to parse url: ${e.message}`);
        throw e;
      }
      const fields: [string, string][] = [
        ['scheme', u.scheme],
        ['host', u.host],
        ['hostname', hostname(u.host)],
        ['path', u.path],
        ['query', u.rawQuery],
        ['opaque', u.opaque],
        ['fragment', u.fragment],
        ['userinfo', u.user ? userString(u.user) : ''],
      ];
      return new GoMap(new Map(fields.map(([k, v]) => [k, textOf(v)])));
    },
  },
  /** `urlJoin $d`: the URL a dict like urlParse's describes. */
  urlJoin: {
    min: 1,
    max: 1,
    call: a => {
      const d = dictArg(a, 0);
      const get = (k: string) => dictString(d, k);
      const u: Url = {
        scheme: get('scheme'),
        host: get('host'),
        path: get('path'),
        rawQuery: get('query'),
        opaque: get('opaque'),
        fragment: get('fragment'),
        rawPath: '',
        rawFragment: '',
        forceQuery: false,
        omitHost: false,
      };
      const info = get('userinfo');
      if (info !== '') {
        try {
          u.user = parseUrl(`proto://${info}@host`).user;
        } catch (e) {
          if (e instanceof FuncError)
            throw new FuncError(
              `unable to parse userinfo in dict: ${e.message}`,
            );
          throw e;
        }
      }
      return textOf(urlString(u));
    },
  },
};
