/**
 * Naming rules of Kubernetes and Vault, each as a test plus the sentence shown to the
 * user when it fails, so every error names the rule it broke.
 */
export interface Rule {
  test(value: string): boolean;
  rule: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A namespace name (RFC 1123 label). */
export const namespaceName: Rule = {
  test: v => v.length <= 63 && DNS_LABEL.test(v),
  rule: 'must be lowercase letters, digits and "-", start and end with a letter or digit, at most 63 characters',
};

/** A Secret name (RFC 1123 subdomain). */
export const secretName: Rule = {
  test: v =>
    v.length <= 253 && v.split('.').every(part => DNS_LABEL.test(part)),
  rule: 'must be lowercase letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit, at most 253 characters',
};

/** A key of a Secret's data. */
export const secretDataKey: Rule = {
  test: v => v.length <= 253 && /^[-._a-zA-Z0-9]+$/.test(v),
  rule: 'must be letters, digits, "-", "_" and ".", at most 253 characters',
};

/** A store or cluster name in app-config. */
export const configName: Rule = {
  test: v => v.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v),
  rule: 'must be lowercase letters, digits and "-", at most 63 characters',
};

/**
 * A Vault secret path below a mount. Kept strict because it is later joined into URLs:
 * no leading or trailing "/", no empty or "." / ".." segments, no whitespace or control
 * characters.
 */
// Control and invisible format characters (e.g. U+202E, which reverses how a path reads)
// have no place in a path a reviewer must be able to read.
const hasControlCharacter = (v: string) =>
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(v);

export const vaultKey: Rule = {
  test: v =>
    v.length > 0 &&
    v.length <= 512 &&
    !/[\s?#%]/.test(v) &&
    !hasControlCharacter(v) &&
    v.split('/').every(seg => seg !== '' && seg !== '.' && seg !== '..'),
  rule: 'must be a path below the mount like "team/app": no leading or trailing "/", no empty, "." or ".." segments, no whitespace, control or invisible characters, "?", "#" or "%"',
};

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** A label or annotation key: an optional DNS-subdomain prefix and a name. */
export const metadataKey: Rule = {
  test: v => {
    const slash = v.lastIndexOf('/');
    const prefix = slash === -1 ? undefined : v.slice(0, slash);
    const name = slash === -1 ? v : v.slice(slash + 1);
    const prefixOk = prefix === undefined || secretName.test(prefix);
    return prefixOk && name.length <= 63 && QUALIFIED_NAME.test(name);
  },
  rule: 'must be an optional DNS prefix and "/" followed by a name of at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
};

/** A label value. */
export const labelValue: Rule = {
  test: v => v === '' || (v.length <= 63 && QUALIFIED_NAME.test(v)),
  rule: 'must be empty or at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit',
};

/**
 * Labels and annotations the plugin writes itself; a mapping may not set them.
 *
 * @public
 */
export function isReservedMetadataKey(key: string): boolean {
  return (
    key === 'app.kubernetes.io/managed-by' ||
    key.startsWith('secrets.backstage.io/')
  );
}
