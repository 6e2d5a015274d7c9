// Test support: encodes snapshot resources with Envoy's real v3 .proto files
// and decodes them back, so a misspelt field, a wrong enum name or a written
// proto3 default shows up as a difference (envoy/proto.ts).
import type protobuf from 'protobufjs';
import { envoyProtoRoot } from '../../../scripts/envoyDescriptor.js';
import type { Snapshot } from '../snapshot.js';
import { typeUrls } from '../envoy/typeUrls.js';

// Every type a snapshot holds or embeds, from Envoy's own files (the same set the agent's descriptor is made from).
let root: protobuf.Root | undefined;
function envoyRoot(): protobuf.Root {
  root ??= envoyProtoRoot();
  return root;
}

const typeName = (url: string) => url.slice(url.lastIndexOf('/') + 1);

/** The message decoded from its own encoding, in the snapshot's object form. */
export function roundTrip(typeUrl: string, resource: Record<string, unknown>): unknown {
  const type = envoyRoot().lookupType(typeName(typeUrl));
  const err = type.verify(type.fromObject(resource));
  if (err) throw new Error(`${typeName(typeUrl)}: ${err}`);
  const bytes = type.encode(type.fromObject(resource)).finish();
  return type.toObject(type.decode(bytes), { enums: String, longs: Number, json: true });
}

/** Every place in the snapshot whose value does not survive encode/decode unchanged, as `resource: path`. */
export function roundTripDifferences(snapshot: Snapshot): string[] {
  const out: string[] = [];
  for (const [type, url] of Object.entries(typeUrls)) {
    for (const resource of snapshot.resources[type as keyof typeof typeUrls]) {
      const name = String(resource['name'] ?? resource['clusterName']);
      for (const path of differences(resource, roundTrip(url, resource))) out.push(`${type} ${name}: ${path}`);
    }
  }
  return out;
}

function differences(sent: unknown, received: unknown, path = ''): string[] {
  if (sent !== null && received !== null && typeof sent === 'object' && typeof received === 'object') {
    const keys = new Set([...Object.keys(sent), ...Object.keys(received)]);
    return [...keys].flatMap((k) => differences((sent as Record<string, unknown>)[k], (received as Record<string, unknown>)[k], `${path}.${k}`));
  }
  return sent === received ? [] : [`${path || '.'} sent ${JSON.stringify(sent)}, got back ${JSON.stringify(received)}`];
}
