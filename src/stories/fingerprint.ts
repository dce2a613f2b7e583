// Near-duplicate detection: a 64-bit SimHash over word 3-shingles. Two copies of one article
// (a syndicated wire story, a press release reprinted with its own intro line) differ in a few
// bits; different articles differ in about 32. A news article is short (300–600 words), so a
// rewritten intro line alone changes 5–7 bits: 7 is the limit. Eight 8-bit bands index the
// fingerprints: two hashes within Hamming distance 7 share at least one band exactly (pigeonhole),
// so lookup is a key read, not a scan.
//
// SimHash says "same text", not "same report": templated releases about two forces are as close
// as a syndicated copy, so clustering also checks that the facts do not contradict.

const SHINGLE = 3;
export const NEAR_DUPLICATE_BITS = 7;
const BAND_HEX_DIGITS = 2;

/** FNV-1a, 32-bit, with two seeds for the two halves of the 64-bit hash. */
function fnv1a(text: string, seed: number): number {
  let hash = seed >>> 0;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export function words(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

/** SimHash of a text as 16 hex digits ("0" × 16 for a text too short to shingle). */
export function simhash(text: string): string {
  const tokens = words(text);
  const counts = new Int32Array(64);
  const shingles = Math.max(0, tokens.length - SHINGLE + 1);
  for (let index = 0; index < shingles; index += 1) {
    const shingle = tokens.slice(index, index + SHINGLE).join(' ');
    const high = fnv1a(shingle, 0x811c9dc5);
    const low = fnv1a(shingle, 0x01000193 ^ 0x5bd1e995);
    for (let bit = 0; bit < 32; bit += 1) {
      counts[bit]! += (high >>> bit) & 1 ? 1 : -1;
      counts[32 + bit]! += (low >>> bit) & 1 ? 1 : -1;
    }
  }
  let high = 0;
  let low = 0;
  for (let bit = 0; bit < 32; bit += 1) {
    if (counts[bit]! > 0) high |= 1 << bit;
    if (counts[32 + bit]! > 0) low |= 1 << bit;
  }
  return (high >>> 0).toString(16).padStart(8, '0') + (low >>> 0).toString(16).padStart(8, '0');
}

export function hammingDistance(a: string, b: string): number {
  let distance = 0;
  for (let index = 0; index < 16; index += 4) {
    let x = parseInt(a.slice(index, index + 4), 16) ^ parseInt(b.slice(index, index + 4), 16);
    while (x) {
      distance += x & 1;
      x >>>= 1;
    }
  }
  return distance;
}

/** Band keys for the fingerprint index ("b0:1a", "b1:…", … eight of them). */
export function bands(fingerprint: string): string[] {
  const keys: string[] = [];
  for (let start = 0; start < 16; start += BAND_HEX_DIGITS) keys.push(`b${start / BAND_HEX_DIGITS}:${fingerprint.slice(start, start + BAND_HEX_DIGITS)}`);
  return keys;
}

export function isNearDuplicate(a: string, b: string): boolean {
  return a !== '0000000000000000' && b !== '0000000000000000' && hammingDistance(a, b) <= NEAR_DUPLICATE_BITS;
}
