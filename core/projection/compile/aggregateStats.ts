type Json = Record<string, unknown>;

export interface StatsTag {
  readonly key: 'TargetVirtualNode' | 'TargetVirtualService';
  readonly value: string;
}

/**
 * App Mesh's `aws.appmesh.aggregate_stats` filter metadata, as its
 * management server put it on listeners (no tags), egress clusters (the
 * target virtual node) and egress routes (the target virtual service): the
 * tags, as JSON text, under which the Envoy image's metrics extension
 * aggregates the resource's stats. A google.protobuf.Struct in protobufjs
 * object form, which has no JSON mapping for it.
 */
export function aggregateStats(tags: readonly StatsTag[] = []): Json {
  const config = JSON.stringify({ tags: tags.map(({ key, value }) => ({ key, value })) });
  return { metadata: { filterMetadata: { 'aws.appmesh.aggregate_stats': { fields: { config: { stringValue: config } } } } } };
}
