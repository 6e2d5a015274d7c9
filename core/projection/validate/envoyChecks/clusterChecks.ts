// What Envoy's cluster factories refuse: an EDS cluster without an EDS
// config; a STATIC or DNS cluster without endpoints; a LOGICAL_DNS cluster
// with more than one host; a STATIC endpoint that is not an IP; and
// ORIGINAL_DST without, or anything else with, the CLUSTER_PROVIDED policy.
import { isIp } from '../wellKnownStrings.js';
import type { Finding } from '../violation.js';
import type { Json } from './check.js';
import { isObject, objects } from './check.js';

/** What Envoy's cluster factory refuses in this one cluster. */
export function clusterFindings(cluster: Json): Finding[] {
  const out: Finding[] = [];
  const report = (path: string, rule: string, message: string) => out.push({ path, rule, message });
  // Type absent is STATIC (0); a cluster_type extension has no discovery type of its own.
  const type = cluster['clusterType'] !== undefined ? undefined : String(cluster['type'] ?? 'STATIC');
  const lbPolicy = String(cluster['lbPolicy'] ?? 'ROUND_ROBIN');
  if (type === 'EDS' && !isObject(cluster['edsClusterConfig'])) report('edsClusterConfig', 'envoy.eds_without_config', 'an EDS cluster needs eds_cluster_config');
  if (type === 'ORIGINAL_DST' && lbPolicy !== 'CLUSTER_PROVIDED') report('lbPolicy', 'envoy.original_dst_lb_policy', `lb_policy ${lbPolicy} is not valid for an ORIGINAL_DST cluster; only CLUSTER_PROVIDED is`);
  if (type !== 'ORIGINAL_DST' && lbPolicy === 'CLUSTER_PROVIDED' && type !== undefined) report('lbPolicy', 'envoy.cluster_provided_lb_policy', `lb_policy CLUSTER_PROVIDED is only valid for ORIGINAL_DST clusters, not ${type}`);
  if (type === 'STATIC' || type === 'STRICT_DNS' || type === 'LOGICAL_DNS') endpointShape(cluster, type, report);
  return out;
}

function endpointShape(cluster: Json, type: string, report: (path: string, rule: string, message: string) => void): void {
  const assignment = cluster['loadAssignment'];
  if (!isObject(assignment)) {
    report('loadAssignment', 'envoy.cluster_without_endpoints', `a ${type} cluster needs load_assignment`);
    return;
  }
  const localities = objects(assignment['endpoints']);
  const hosts = localities.flatMap((l, i) => objects(l['lbEndpoints']).map((e, j) => [e, `loadAssignment.endpoints[${i}].lbEndpoints[${j}]`] as const));
  if (type === 'LOGICAL_DNS' && (localities.length !== 1 || hosts.length !== 1)) {
    report('loadAssignment.endpoints', 'envoy.logical_dns_single_host', 'a LOGICAL_DNS cluster must have a single locality_lb_endpoint and a single lb_endpoint');
  }
  if (hosts.length === 0 && type !== 'STATIC') report('loadAssignment.endpoints', 'envoy.cluster_without_endpoints', `a ${type} cluster needs at least one endpoint`);
  if (type !== 'STATIC') return;
  for (const [host, path] of hosts) {
    const socket = isObject(host['endpoint']) && isObject(host['endpoint']['address']) ? host['endpoint']['address']['socketAddress'] : undefined;
    if (isObject(socket) && typeof socket['address'] === 'string' && !isIp(socket['address'])) {
      report(`${path}.endpoint.address.socketAddress.address`, 'envoy.static_endpoint_not_ip', `a STATIC cluster's endpoint must be an IP address, not ${JSON.stringify(socket['address'])}`);
    }
  }
}
