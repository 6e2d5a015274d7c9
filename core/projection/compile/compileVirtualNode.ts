import type { MeshSpec } from '../../model/appMeshTypes.js';
import type { MeshReader } from '../meshReader.js';
import type { EnvoyConfig } from './envoyConfig.js';
import { emptyConfig } from './envoyConfig.js';
import { addApiListeners } from './apiListeners.js';
import { addEgress } from './egress.js';
import { addIngress } from './ingress.js';

/** Everything one virtual node's Envoy needs; undefined when the node does not exist. */
export function compileVirtualNode(reader: MeshReader, nodeName: string): EnvoyConfig | undefined {
  const node = reader.get('virtualNode', nodeName);
  if (!node) return undefined;
  const config = emptyConfig();
  addIngress(config, node, reader.mesh()?.spec as MeshSpec | undefined);
  addEgress(config, reader, node);
  addApiListeners(config, reader, node);
  return config;
}
