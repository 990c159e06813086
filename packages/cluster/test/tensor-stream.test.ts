import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { encodeTensorStream, loadMatchnetProto, TensorStreamDecoder, TensorStreamError, type TensorChunkMessage, type WireTensor } from '../src/index.js';

const tensor = (name: string, shape: number[], seed = 1): WireTensor => {
  const n = shape.reduce((a, b) => a * b, 1);
  return { name, shape, data: Float32Array.from({ length: n }, (_, i) => Math.sin(i * seed)) };
};
const decode = (chunks: TensorChunkMessage[]) => {
  const d = new TensorStreamDecoder();
  for (const c of chunks) d.push(c);
  return d.finish();
};

describe('tensor streams', () => {
  it('round-trip several tensors across chunk boundaries', () => {
    const tensors = [tensor('a', [3, 5]), tensor('b', []), tensor('c', [1000, 3], 2)];
    const chunks = [...encodeTensorStream(tensors, 100)];
    expect(chunks.filter((c) => c.data).every((c) => c.data!.length <= 100)).toBe(true);
    expect(decode(chunks)).toEqual(tensors);
  });

  it('name a truncated stream, a flipped byte and surplus bytes', () => {
    const chunks = [...encodeTensorStream([tensor('w', [64, 64])], 1024)];
    expect(() => decode(chunks.slice(0, -1))).toThrow(/ended without its end marker inside tensor w/);
    const missing = [...chunks.slice(0, 3), chunks.at(-1)!];
    expect(() => decode(missing)).toThrow(TensorStreamError);
    expect(() => decode(missing)).toThrow(/tensor w has 2048 of its 16384 bytes/);
    const flipped = chunks.map((c) => (c.data ? { data: Uint8Array.from(c.data) } : c));
    flipped[2]!.data![7]! ^= 1;
    expect(() => decode(flipped)).toThrow(/tensor w fails its CRC-32 check/);
    const surplus = [...chunks.slice(0, -1), { data: new Uint8Array(4) }, chunks.at(-1)!];
    expect(() => decode(surplus)).toThrow(/got more than the 16384 bytes/);
  });
});

describe('the proto over a real gRPC connection', () => {
  it('client-streams a 6 MiB gradient in chunks under the 4 MiB default limit', async () => {
    const proto = loadMatchnetProto() as unknown as { matchnet: { v1: { ParameterService: grpc.ServiceClientConstructor } } };
    const Service = proto.matchnet.v1.ParameterService;
    const received: WireTensor[] = [];
    let header: Record<string, unknown> | undefined;
    const server = new grpc.Server();
    server.addService(Service.service, {
      pushGradient(call: grpc.ServerReadableStream<{ header?: Record<string, unknown>; chunk?: TensorChunkMessage }, unknown>, callback: grpc.sendUnaryData<unknown>) {
        const decoder = new TensorStreamDecoder();
        call.on('data', (m) => {
          if (m.header) header = m.header;
          else if (m.chunk) decoder.push(m.chunk);
        });
        call.on('end', () => {
          try {
            received.push(...decoder.finish());
            callback(null, { outcome: 'ACCEPTED', version: '8' });
          } catch (err) {
            callback({ code: grpc.status.DATA_LOSS, details: (err as Error).message });
          }
        });
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    const client = new Service(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const big = tensor('grad/encoder/block1/kernel', [1536, 1024], 3);
    try {
      const reply = await new Promise<Record<string, unknown>>((resolve, reject) => {
        const call = (client as unknown as { pushGradient(cb: (e: Error | null, r: Record<string, unknown>) => void): grpc.ClientWritableStream<unknown> }).pushGradient((e, r) =>
          e ? reject(e) : resolve(r),
        );
        call.write({ header: { job: 'j', step: '7', shard: 2, parameterVersion: '7', workerId: 'w1', episodes: 4, loss: 0.5, accuracy: 0.9, tensors: 1 } });
        for (const chunk of encodeTensorStream([big])) call.write({ chunk });
        call.end();
      });
      expect(reply.outcome).toBe('ACCEPTED');
      expect(header).toMatchObject({ job: 'j', step: '7', shard: 2, workerId: 'w1' });
      expect(received).toHaveLength(1);
      expect(received[0]!.shape).toEqual([1536, 1024]);
      expect(Buffer.from(received[0]!.data.buffer).equals(Buffer.from(big.data.buffer))).toBe(true);
    } finally {
      client.close();
      server.forceShutdown();
    }
  });
});
