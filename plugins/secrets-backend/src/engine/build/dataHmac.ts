import { createHmac } from 'node:crypto';

/**
 * Keyed HMAC-SHA256 of a Secret's type and data. The encoding is canonical (keys sorted)
 * and unambiguous (every part length-prefixed), so equal content always matches and no
 * two contents collide by concatenation. Keyed, because the result is stored in a Secret
 * annotation and in the database, and a plain hash of a short password can be reversed.
 */
export function dataHmac(
  key: Buffer,
  secret: { type: string; data: Record<string, Buffer> },
): string {
  const mac = createHmac('sha256', key);
  const part = (bytes: Buffer) => {
    const length = Buffer.alloc(8);
    length.writeBigUInt64BE(BigInt(bytes.length));
    mac.update(length);
    mac.update(bytes);
  };
  part(Buffer.from(secret.type, 'utf8'));
  for (const name of Object.keys(secret.data).sort()) {
    part(Buffer.from(name, 'utf8'));
    part(secret.data[name]);
  }
  return `v1:${mac.digest('hex')}`;
}
