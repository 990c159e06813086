import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

/** proto/matchnet.proto at the repository root, found from this module's location. */
export function protoPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'proto', 'matchnet.proto');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find proto/matchnet.proto above the cluster package');
    dir = parent;
  }
}

/** The loaded contract; int64 fields arrive as strings, per the proto-loader convention. */
export function loadMatchnetProto(): grpc.GrpcObject {
  const definition = protoLoader.loadSync(protoPath(), { longs: String, enums: String, defaults: true, oneofs: true, keepCase: false });
  return grpc.loadPackageDefinition(definition);
}
