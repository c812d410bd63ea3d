/** Reading and replacing values at dotted paths (`visitor.firstName`) in plain JSON data. */

export function getPath(data: unknown, path: string): unknown {
  let current: unknown = data;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A copy of `data` with the value at `path` replaced; unchanged when the path is absent. */
export function setPath(data: unknown, path: string, value: unknown): unknown {
  const [key, ...rest] = path.split('.');
  if (key === undefined || data === null || typeof data !== 'object' || Array.isArray(data)) return data;
  const record = data as Record<string, unknown>;
  if (!(key in record)) return data;
  const next = rest.length === 0 ? value : setPath(record[key], rest.join('.'), value);
  return { ...record, [key]: next };
}
