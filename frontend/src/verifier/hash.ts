/**
 * SHA-256 for the verifier (§1: H(x)), from @noble/hashes (audited, no dependencies).
 *
 * Keys (§5) are one short message each, a million times for a big pool: `Keyer` writes the
 * seed (and a prefix) once into a scratch buffer and only the id bytes per key.
 */
import { sha256 } from '@noble/hashes/sha2.js';

const encoder = new TextEncoder();

export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

export function sha(data: Uint8Array): Uint8Array {
  return sha256(data);
}

export type Hasher = ReturnType<typeof sha256.create>;

export function hasher(): Hasher {
  return sha256.create();
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function hex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]];
  return s;
}

export function fromHex(s: string): Uint8Array {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Unsigned big-endian comparison of two digests (equal length): the integer order of §5. */
export function cmpBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** H(seed ‖ prefix ‖ UTF-8(text)) for many texts. */
export class Keyer {
  private buf: Uint8Array;
  private readonly head: number;

  constructor(seed: Uint8Array, prefix = '') {
    const p = utf8(prefix);
    this.head = seed.length + p.length;
    this.buf = new Uint8Array(this.head + 256);
    this.buf.set(seed, 0);
    this.buf.set(p, seed.length);
  }

  key(text: string): Uint8Array {
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    if (this.head + 3 * text.length > this.buf.length) {
      const bigger = new Uint8Array(this.head + 3 * text.length);
      bigger.set(this.buf.subarray(0, this.head));
      this.buf = bigger;
    }
    const { written } = encoder.encodeInto(text, this.buf.subarray(this.head));
    return sha256(this.buf.subarray(0, this.head + written));
  }
}
