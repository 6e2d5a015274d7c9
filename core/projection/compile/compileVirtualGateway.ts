import type { MeshReader } from '../meshReader.js';
import type { EnvoyConfig } from './envoyConfig.js';
import { emptyConfig } from './envoyConfig.js';

/** Everything one virtual gateway's Envoy needs; undefined when the gateway does not exist. */
export function compileVirtualGateway(reader: MeshReader, gatewayName: string): EnvoyConfig | undefined {
  const gateway = reader.get('virtualGateway', gatewayName);
  if (!gateway) return undefined;
  // Listeners and gateway routes are compiled in gateway.ts (next step); an empty config is consistent.
  return emptyConfig();
}
