// Envoy's v3 .proto files, as @grpc/grpc-js-xds ships them (a dev dependency):
// the source the agent's descriptor is generated from, and what tests check
// Weft's Envoy config against. Nothing at run time reads these files.
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import protobuf from 'protobufjs';

const require = createRequire(import.meta.url);
const xdsDeps = join(dirname(require.resolve('@grpc/grpc-js-xds/package.json')), 'deps');

/** Import roots, like protoc's -I; protobufjs bundles the well-known types except descriptor.proto. */
export const protoIncludeDirs = [
  join(xdsDeps, 'envoy-api'),
  join(xdsDeps, 'googleapis'),
  join(xdsDeps, 'protoc-gen-validate'),
  join(xdsDeps, 'xds'),
  dirname(require.resolve('protobufjs/package.json')),
];

/** A resolved Root of `files` (paths relative to the include dirs) and everything they import. */
export function loadEnvoyProtos(files: readonly string[], options: { keepCase: boolean }): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (origin, target) => {
    const dir = protoIncludeDirs.find((d) => existsSync(join(d, target)));
    return dir ? join(dir, target) : protobuf.util.path.resolve(origin, target);
  };
  root.loadSync([...files], { keepCase: options.keepCase });
  root.resolveAll();
  return root;
}

/** Every .proto file of the package that declares a fully qualified message name (Envoy keeps one package per directory). */
export function protoFilesOfPackage(messageName: string): string[] {
  const dir = messageName.slice(0, messageName.lastIndexOf('.')).replaceAll('.', '/');
  const base = protoIncludeDirs.find((d) => existsSync(join(d, dir)));
  if (!base) throw new Error(`no .proto directory for ${messageName}`);
  return readdirSync(join(base, dir)).filter((f) => f.endsWith('.proto')).map((f) => `${dir}/${f}`);
}
