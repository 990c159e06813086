import * as grpc from '@grpc/grpc-js';
import { GradientRejected, type RejectionReason } from './gradient-rejection.js';
import { loadMatchnetProto } from './proto-loader.js';
import { ERROR_TRAILER, type ParameterServiceClient, type PushGradientReply } from './rpc-types.js';
import { encodeTensorStream, TensorStreamDecoder, type WireTensor } from './tensor-stream.js';

export interface GradientPushHeader {
  job: string;
  step: number;
  shard: number;
  parameterVersion: number;
  workerId: string;
  episodes: number;
  loss: number;
  accuracy: number;
}

const deadline = (ms: number) => new Date(Date.now() + ms);

/** Maps a failed call to GradientRejected when the server named a reason. */
function toRejection(err: grpc.ServiceError): Error {
  const reason = err.metadata?.get(ERROR_TRAILER)[0];
  return reason ? new GradientRejected(String(reason) as RejectionReason, err.details) : err;
}

/**
 * A worker's connection to the coordinator's ParameterService. Keepalive pings stay above
 * the server's minimum interval, so a long compute step never draws GOAWAY too_many_pings.
 */
export class ParameterClient {
  private readonly client: ParameterServiceClient;
  private cached?: { job: string; version: number; tensors: WireTensor[] };

  constructor(address: string, private readonly callTimeoutMs = 120_000) {
    const proto = loadMatchnetProto() as unknown as { matchnet: { v1: { ParameterService: grpc.ServiceClientConstructor } } };
    this.client = new proto.matchnet.v1.ParameterService(address, grpc.credentials.createInsecure(), {
      'grpc.keepalive_time_ms': 60_000,
      'grpc.keepalive_timeout_ms': 20_000,
    }) as unknown as ParameterServiceClient;
  }

  /** Parameters at `version`; a repeat request for the cached version costs nothing. */
  async fetch(job: string, version: number): Promise<WireTensor[]> {
    if (this.cached?.job === job && this.cached.version === version) return this.cached.tensors;
    const decoder = new TensorStreamDecoder();
    await new Promise<void>((resolve, reject) => {
      const call = this.client.fetchParameters({ job, version: String(version) }, { deadline: deadline(this.callTimeoutMs) });
      call.on('data', (chunk) => {
        try {
          decoder.push(chunk);
        } catch (err) {
          call.cancel();
          reject(err);
        }
      });
      call.on('error', (err: grpc.ServiceError) => reject(toRejection(err)));
      call.on('end', resolve);
    });
    const tensors = decoder.finish();
    this.cached = { job, version, tensors };
    return tensors;
  }

  /** Streams one shard's gradient; resolves with the coordinator's acknowledgement. */
  push(header: GradientPushHeader, tensors: WireTensor[]): Promise<{ outcome: 'accepted' | 'duplicate'; version: number }> {
    return new Promise((resolve, reject) => {
      const call = this.client.pushGradient({ deadline: deadline(this.callTimeoutMs) }, (err, reply?: PushGradientReply) => {
        if (err) reject(toRejection(err));
        else resolve({ outcome: reply!.outcome === 'DUPLICATE' ? 'duplicate' : 'accepted', version: Number(reply!.version) });
      });
      call.write({
        header: { ...header, step: String(header.step), parameterVersion: String(header.parameterVersion), tensors: tensors.length },
      });
      const chunks = encodeTensorStream(tensors);
      // Honour backpressure: wait for 'drain' when the stream's buffer is full.
      const pump = () => {
        for (let next = chunks.next(); !next.done; next = chunks.next()) {
          if (!call.write({ chunk: next.value })) {
            call.once('drain', pump);
            return;
          }
        }
        call.end();
      };
      pump();
    });
  }

  close(): void {
    this.client.close();
  }
}
