/**
 * ESO's property rule: a literal top-level key wins (keys may contain dots), otherwise a dot
 * path into nested objects. `undefined` when nothing is there.
 */
export function pickProperty(
  data: Record<string, unknown>,
  property: string,
): unknown {
  if (Object.prototype.hasOwnProperty.call(data, property))
    return data[property];
  let current: unknown = data;
  for (const segment of property.split('.')) {
    if (
      typeof current !== 'object' ||
      current === null ||
      Array.isArray(current)
    )
      return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment))
      return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** Strings as they are; anything else as JSON, like ESO. */
export function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
