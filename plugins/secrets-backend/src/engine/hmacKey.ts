import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';

const KEY_NAME = 'data-hmac';

/**
 * The key for HMACs of Secret data (a plain SHA-256 of a short password could be brute
 * forced from an annotation). Created on first use; when replicas start together, the
 * insert that loses is ignored and everyone reads the one that won.
 */
export async function loadHmacKey(db: Knex): Promise<Buffer> {
  await db('secrets_engine_keys')
    .insert({
      name: KEY_NAME,
      value: randomBytes(32).toString('base64'),
      created_at: new Date(),
    })
    .onConflict('name')
    .ignore();
  const row = await db('secrets_engine_keys').where({ name: KEY_NAME }).first();
  return Buffer.from(row.value, 'base64');
}
