import { createHmac } from 'node:crypto';
import type { DesiredSecret } from './types';

/** Shorter keys make the HMAC as guessable as the values it is meant to hide. */
const MIN_KEY_BYTES = 16;

/**
 * Keyed HMAC-SHA256 of a Secret's type and data, as `v1:<hex>`.
 *
 * The input is a canonical, unambiguous encoding: the type, then every data key in
 * sorted order followed by its value, each part prefixed with its byte length as an
 * unsigned 64-bit big-endian integer. Equal content gives equal HMACs whatever the key
 * order, and no two different contents collide by concatenation (`{a: "bc"}` and
 * `{ab: "c"}` differ). Keyed, because the result is stored in a Secret annotation and
 * in the database, where a plain SHA-256 of a short password could be brute-forced.
 * The `v1:` prefix lets the scheme change later without misreading old values.
 */
export function dataHmac(
  hmacKey: Buffer,
  secret: Pick<DesiredSecret, 'type' | 'data'>,
): string {
  if (hmacKey.length < MIN_KEY_BYTES) {
    throw new Error(
      `The data HMAC key must have at least ${MIN_KEY_BYTES} bytes`,
    );
  }
  // One buffer, one update: the same bytes as hashing each part in turn, with less work.
  const parts: Buffer[] = [Buffer.from(secret.type, 'utf8')];
  for (const key of Object.keys(secret.data).sort()) {
    parts.push(Buffer.from(key, 'utf8'), secret.data[key]);
  }
  const size = parts.reduce((total, p) => total + 8 + p.length, 0);
  const input = Buffer.allocUnsafe(size);
  let offset = 0;
  for (const part of parts) {
    offset = input.writeBigUInt64BE(BigInt(part.length), offset);
    offset += part.copy(input, offset);
  }
  const mac = createHmac('sha256', hmacKey);
  mac.update(input);
  return `v1:${mac.digest('hex')}`;
}
