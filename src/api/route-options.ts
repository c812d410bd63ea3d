import type { HTTPMethods, RouteOptions } from 'fastify';

/** Route hook options may be one function, a list, or absent; plugins that extend them need a list. */
export function asArray<T>(value: T | readonly T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? [...(value as readonly T[])] : [value as T];
}

export function methodsOf(route: RouteOptions): HTTPMethods[] {
  return asArray(route.method);
}
