import { crc32 } from 'node:zlib';

/** A named float32 tensor as it crosses the wire. */
export interface WireTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** Mirrors proto TensorChunk (proto-loader turns int64 into strings, oneof into `part`). */
export interface TensorChunkMessage {
  header?: { name: string; shape: Array<number | string>; crc32: number };
  data?: Uint8Array;
  end?: boolean;
  version?: number | string;
  part?: 'header' | 'data';
}

/** Well under gRPC's 4 MiB default receive limit, with room for framing. */
export const DEFAULT_CHUNK_BYTES = 1 << 20;

export type TensorStreamFault = 'truncated' | 'checksum' | 'protocol';

export class TensorStreamError extends Error {
  override name = 'TensorStreamError';
  constructor(
    readonly fault: TensorStreamFault,
    message: string,
  ) {
    super(message);
  }
}

const bytesOf = (t: Float32Array) => new Uint8Array(t.buffer, t.byteOffset, t.byteLength);

/** Cuts tensors into header and data chunks; the last chunk carries `end`. */
export function* encodeTensorStream(tensors: WireTensor[], chunkBytes = DEFAULT_CHUNK_BYTES): Generator<TensorChunkMessage> {
  for (const t of tensors) {
    const bytes = bytesOf(t.data);
    yield { header: { name: t.name, shape: t.shape, crc32: crc32(bytes) } };
    for (let offset = 0; offset < bytes.length; offset += chunkBytes) yield { data: bytes.subarray(offset, offset + chunkBytes) };
  }
  yield { end: true };
}

/**
 * Reassembles a tensor stream, checking that each tensor gets exactly the bytes its shape
 * needs and that they match the checksum. A stream that stops early is `truncated`.
 */
export class TensorStreamDecoder {
  private readonly done: WireTensor[] = [];
  private current?: { name: string; shape: number[]; crc: number; bytes: Uint8Array; filled: number };
  private ended = false;

  push(chunk: TensorChunkMessage): void {
    if (this.ended) throw new TensorStreamError('protocol', 'chunk after the end of the stream');
    if (chunk.header) {
      this.closeCurrent();
      const shape = chunk.header.shape.map(Number);
      if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new TensorStreamError('protocol', `tensor ${chunk.header.name} has an invalid shape [${shape}]`);
      const size = shape.reduce((a, b) => a * b, 1) * 4;
      this.current = { name: chunk.header.name, shape, crc: chunk.header.crc32 >>> 0, bytes: new Uint8Array(size), filled: 0 };
    } else if (chunk.data) {
      const c = this.current;
      if (!c) throw new TensorStreamError('protocol', 'data before any tensor header');
      if (c.filled + chunk.data.length > c.bytes.length) {
        throw new TensorStreamError('protocol', `tensor ${c.name} got more than the ${c.bytes.length} bytes its shape needs`);
      }
      c.bytes.set(chunk.data, c.filled);
      c.filled += chunk.data.length;
    }
    if (chunk.end) {
      this.closeCurrent();
      this.ended = true;
    }
  }

  /** The tensors, once the stream has ended properly. */
  finish(): WireTensor[] {
    if (!this.ended) {
      const where = this.current ? ` inside tensor ${this.current.name} (${this.current.filled} of ${this.current.bytes.length} bytes)` : '';
      throw new TensorStreamError('truncated', `the tensor stream ended without its end marker${where}`);
    }
    return this.done;
  }

  private closeCurrent(): void {
    const c = this.current;
    if (!c) return;
    if (c.filled !== c.bytes.length) throw new TensorStreamError('truncated', `tensor ${c.name} has ${c.filled} of its ${c.bytes.length} bytes`);
    if ((crc32(c.bytes) >>> 0) !== c.crc) throw new TensorStreamError('checksum', `tensor ${c.name} fails its CRC-32 check`);
    this.done.push({ name: c.name, shape: c.shape, data: new Float32Array(c.bytes.buffer, 0, c.bytes.length / 4) });
    this.current = undefined;
  }
}
