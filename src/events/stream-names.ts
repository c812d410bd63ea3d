/**
 * Stream names are `<category>-<id>` with a dash-free camelCase category (DESIGN.md §4).
 * Every category gets its helper from `streamCategory`, so names are built in one place.
 */

export type StreamCategory<C extends string> = {
  readonly category: C;
  readonly name: (id: string) => `${C}-${string}`;
  readonly matches: (streamId: string) => boolean;
  readonly idOf: (streamId: string) => string;
};

const CATEGORY = /^[a-z][a-zA-Z0-9]*$/;

export function streamCategory<C extends string>(category: C): StreamCategory<C> {
  if (!CATEGORY.test(category)) throw new Error(`invalid stream category "${category}"`);
  const prefix = `${category}-`;
  return {
    category,
    name: (id) => {
      if (id.length === 0) throw new Error(`empty id for stream category "${category}"`);
      return `${prefix}${id}` as `${C}-${string}`;
    },
    matches: (streamId) => streamId.startsWith(prefix),
    idOf: (streamId) => {
      if (!streamId.startsWith(prefix)) throw new Error(`stream "${streamId}" is not a ${category} stream`);
      return streamId.slice(prefix.length);
    },
  };
}

export function categoryOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash === -1 ? streamId : streamId.slice(0, dash);
}
