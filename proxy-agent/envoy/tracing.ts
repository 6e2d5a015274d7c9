// The tracers App Mesh's Envoy image could turn on (one at a time), as it
// wrote them into the bootstrap: X-Ray (reference/appmesh-envoy.md section 2),
// Datadog and Jaeger (through Envoy's Zipkin tracer). Envoy's JSON form.
import type { NodeIdentity } from '../nodeIdentity.js';
import type { SocketAddress, TracerOptions } from './imageEnvironment.js';

type Json = Record<string, unknown>;

export const tracerTypes = {
  xray: 'type.googleapis.com/envoy.config.trace.v3.XRayConfig',
  datadog: 'type.googleapis.com/envoy.config.trace.v3.DatadogConfig',
  zipkin: 'type.googleapis.com/envoy.config.trace.v3.ZipkinConfig',
} as const;

/** The file name of the sampling manifest Weft writes for XRAY_SAMPLING_RATE, beside the bootstrap. */
export const samplingManifestFileName = 'xray-sampling-rules.json';

/** The version-2 manifest the image wrote for a sampling rate other than X-Ray's 5%. */
export function samplingManifest(rate: number): Json {
  return { version: 2, default: { fixed_target: 1, rate }, rules: [] };
}

export interface Tracing {
  readonly tracing: Json;
  /** Static clusters the tracer sends to (none for X-Ray, which sends UDP to its daemon). */
  readonly clusters: readonly Json[];
}

/** `samplingManifestPath` is where a XRAY_SAMPLING_RATE manifest is written. */
export function tracingOf(tracer: TracerOptions, identity: NodeIdentity, samplingManifestPath: string): Tracing {
  switch (tracer.kind) {
    case 'xray': {
      const manifest = tracer.sampling && ('rate' in tracer.sampling ? samplingManifestPath : tracer.sampling.manifestPath);
      const config = {
        '@type': tracerTypes.xray,
        daemon_endpoint: { protocol: 'UDP', address: tracer.daemon.address, port_value: tracer.daemon.port },
        segment_name: tracer.segmentName ?? `${identity.mesh}/${identity.name}`,
        ...(manifest ? { sampling_rule_manifest: { filename: manifest } } : {}),
        // The image named a gateway virtual_node_name too: X-Ray shows it as the AWS::AppMesh::Proxy name.
        segment_fields: { origin: 'AWS::AppMesh::Proxy', aws: { app_mesh: { mesh_name: identity.mesh, virtual_node_name: identity.name } } },
      };
      return { tracing: http('envoy.tracers.xray', config), clusters: [] };
    }
    case 'datadog': {
      const config = { '@type': tracerTypes.datadog, collector_cluster: 'datadog_agent', service_name: tracer.serviceName ?? `envoy-${identity.mesh}/${identity.name}` };
      return { tracing: http('envoy.tracers.datadog', config), clusters: [collectorCluster('datadog_agent', tracer.collector)] };
    }
    case 'jaeger': {
      const config = { '@type': tracerTypes.zipkin, collector_cluster: 'jaeger', collector_endpoint: '/api/v2/spans', collector_endpoint_version: tracer.version, shared_span_context: false };
      return { tracing: http('envoy.tracers.zipkin', config), clusters: [collectorCluster('jaeger', tracer.collector)] };
    }
  }
}

const http = (name: string, typedConfig: Json): Json => ({ http: { name, typed_config: typedConfig } });

/** As the image defined them: STRICT_DNS, so the collector may be a host name. */
function collectorCluster(name: string, collector: SocketAddress): Json {
  return {
    name,
    type: 'STRICT_DNS',
    connect_timeout: '1s',
    load_assignment: {
      cluster_name: name,
      endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: collector.address, port_value: collector.port } } } }] }],
    },
  };
}
