import { describe, expect, it } from 'vitest';
import { canonicalJson, eventHash, GENESIS_HASH } from '../../src/events/integrity.js';

// Stored logs are verified against these hashes: the text hashed must never change.
describe('integrity: canonical JSON and event hash', () => {
  it('sorts keys by code unit, drops undefined and functions in objects, nulls them in arrays', () => {
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson('a"b\\c\u2028')).toBe('"a\\"b\\\\c\u2028"');
    expect(canonicalJson([1, undefined, () => 1, { b: 2, a: [null] }])).toBe(
      '[1,null,null,{"a":[null],"b":2}]',
    );
    expect(
      canonicalJson({
        z: 1,
        a: { y: undefined, x: 'ü', f: () => 1 },
        m: [],
        e: {},
        '': 0,
        é: 1,
        B: 2,
        b: 3,
        10: 4,
        9: 5,
      }),
    ).toBe('{"":0,"10":4,"9":5,"B":2,"a":{"x":"ü"},"b":3,"e":{},"m":[],"z":1,"é":1}');
    expect(canonicalJson({ n: -0, big: 1e21, f: 0.1 + 0.2 })).toBe(
      '{"big":1e+21,"f":0.30000000000000004,"n":0}',
    );
  });

  it('hashes an event as it always has', () => {
    const event = {
      streamId: 'visit-1',
      revision: 3n,
      type: 'VisitorCheckedIn',
      data: { b: 1, a: { d: [1, 2], c: null } },
      metadata: { eventId: 'e-1', schemaVersion: 1 },
    };
    expect(eventHash(event, GENESIS_HASH)).toBe(
      'f2020d49741a89d8e7bdc0246da61e1d4dcc3b517a829a3c92d6abc5b07635c6',
    );
    expect(eventHash({ ...event, revision: 4n }, GENESIS_HASH)).not.toBe(eventHash(event, GENESIS_HASH));
  });
});
