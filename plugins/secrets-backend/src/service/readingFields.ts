import type { Mapping } from '@internal/plugin-secrets-common';
import { isBelow } from '../access';

/** The spec fields of `m` that read `key`: data and extract by equality, find by prefix. */
export function readingFields(m: Mapping, key: string): string[] {
  const fields: string[] = [];
  (m.spec.data ?? []).forEach((d, i) => {
    if (d.remoteRef.key === key) fields.push(`data[${i}].remoteRef.key`);
  });
  (m.spec.dataFrom ?? []).forEach((d, i) => {
    if ('extract' in d && d.extract.key === key)
      fields.push(`dataFrom[${i}].extract.key`);
    if ('find' in d && isBelow(key, d.find.path ?? ''))
      fields.push(`dataFrom[${i}].find.path`);
  });
  return fields;
}
