/**
 * New entity and event ids: UUID version 7 (RFC 9562), a 48-bit millisecond timestamp then
 * random bits. Ids made later sort later, so the indexes keyed by them (visits, visitors,
 * notifications, event ids, stream names that contain an id) grow at their right edge: a batch
 * of check-ins dirties one leaf page per index instead of one per check-in. Random v4 ids
 * scattered each insert over the tree, and a read-model commit wrote about 30 pages per
 * check-in. An id reveals when it was made (to the second it is also on the record it names);
 * secrets such as tokens never use it.
 *
 * Within one millisecond the 12 bits after the version count up from a random start (RFC 9562
 * §6.2, method 1), so ids of this process stay in creation order; when the count runs out the
 * timestamp moves on by a millisecond.
 */
import { pooledRandomBytes } from '../events/random-pool.js';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

let lastMs = -1;
let counter = 0;

export function newId(now = Date.now()): string {
  const random = pooledRandomBytes(10);
  if (now > lastMs) {
    lastMs = now;
    // A random start in the lower half leaves room to count up within the millisecond.
    counter = ((random[0]! << 8) | random[1]!) & 0x7ff;
  } else if (++counter > 0xfff) {
    lastMs++;
    counter = 0;
  }
  const ms = lastMs;
  const high = Math.floor(ms / 0x1_0000_0000);
  const low = ms >>> 0;
  return (
    HEX[(high >>> 8) & 0xff]! +
    HEX[high & 0xff]! +
    HEX[low >>> 24]! +
    HEX[(low >>> 16) & 0xff]! +
    '-' +
    HEX[(low >>> 8) & 0xff]! +
    HEX[low & 0xff]! +
    '-' +
    HEX[0x70 | (counter >>> 8)]! +
    HEX[counter & 0xff]! +
    '-' +
    HEX[0x80 | (random[2]! & 0x3f)]! +
    HEX[random[3]!]! +
    '-' +
    HEX[random[4]!]! +
    HEX[random[5]!]! +
    HEX[random[6]!]! +
    HEX[random[7]!]! +
    HEX[random[8]!]! +
    HEX[random[9]!]!
  );
}
