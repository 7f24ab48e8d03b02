/**
 * SHA-256 for the verifier (§1: H(x)), from hash-wasm (WebAssembly; about three times as fast
 * as a JavaScript SHA-256 on the million short messages of a big pool's keys).
 *
 * `initHash()` must be awaited once (it instantiates the WebAssembly module); everything
 * after that is synchronous. Keys (§5) are one short message each: `Keyer` writes the seed
 * (and a prefix) once into a scratch buffer and only the id bytes per key.
 */
import { createSHA256, type IHasher } from 'hash-wasm';

const encoder = new TextEncoder();
let oneShot: IHasher | null = null;
let stream: IHasher | null = null;

export async function initHash(): Promise<void> {
  if (oneShot === null) [oneShot, stream] = await Promise.all([createSHA256(), createSHA256()]);
}

function ready(h: IHasher | null): IHasher {
  if (h === null) throw new Error('initHash() must be awaited before hashing');
  return h;
}

export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

export function sha(data: Uint8Array): Uint8Array {
  const h = ready(oneShot);
  h.init();
  h.update(data);
  return h.digest('binary');
}

/** An incremental SHA-256 (one at a time: the pool digest, then the exclusions digest). */
export interface Hasher {
  update(data: Uint8Array): void;
  digest(): Uint8Array;
}

export function hasher(): Hasher {
  const h = ready(stream);
  h.init();
  return {
    update: (data) => void h.update(data),
    digest: () => h.digest('binary'),
  };
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function hex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]];
  return s;
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
    return sha(this.buf.subarray(0, this.head + written));
  }
}
