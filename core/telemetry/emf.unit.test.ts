import { describe, expect, it } from 'vitest';
import type { MetricSample } from './appMeshMetrics.js';
import { toEmfLines } from './emf.js';
import { emfProblems } from './emfSpec.testSupport.js';

const inbound = [['Mesh', 'shop'], ['VirtualNode', 'web']] as const;
const outbound = [...inbound, ['TargetVirtualService', 'api.shop.local'], ['TargetVirtualNode', 'api-v1']] as const;
const samples: MetricSample[] = [
  { metric: 'RequestCount', dimensions: inbound, value: 12 },
  { metric: 'ProcessedBytes', dimensions: inbound, value: 3400 },
  { metric: 'RequestCountPerTarget', dimensions: outbound, value: 10 },
  { metric: 'TargetResponseTime', dimensions: outbound, values: [3, 7.5], counts: [4, 6] },
];
const parse = (lines: string[]) => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

describe('CloudWatch Embedded Metric Format lines', () => {
  it('writes one line per set of dimension values, with the values as top-level members and units from the contract', () => {
    const [first, second] = parse(toEmfLines(samples, { timestamp: 1764621000000.7 }));
    expect(first).toEqual({
      _aws: { Timestamp: 1764621000000, CloudWatchMetrics: [{ Namespace: 'AppMesh', Dimensions: [['Mesh', 'VirtualNode']], Metrics: [{ Name: 'RequestCount', Unit: 'Count' }, { Name: 'ProcessedBytes', Unit: 'Bytes' }] }] },
      Mesh: 'shop', VirtualNode: 'web', RequestCount: 12, ProcessedBytes: 3400,
    });
    expect(second).toEqual({
      _aws: { Timestamp: 1764621000000, CloudWatchMetrics: [{ Namespace: 'AppMesh', Dimensions: [['Mesh', 'VirtualNode', 'TargetVirtualService', 'TargetVirtualNode']], Metrics: [{ Name: 'RequestCountPerTarget', Unit: 'Count' }, { Name: 'TargetResponseTime', Unit: 'Milliseconds' }] }] },
      Mesh: 'shop', VirtualNode: 'web', TargetVirtualService: 'api.shop.local', TargetVirtualNode: 'api-v1',
      RequestCountPerTarget: 10,
      TargetResponseTime: { Values: [3, 7.5], Counts: [4, 6], Count: 10, Sum: 57, Min: 3, Max: 7.5 },
    });
  });

  it('takes the namespace and storage resolution as options and adds the host id as a property, never a dimension', () => {
    const [line] = parse(toEmfLines(samples.slice(0, 1), { timestamp: 1, namespace: 'Weft/Mesh', hostId: 'i-0abc', storageResolution: 1 }));
    const directive = (line!['_aws'] as { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: unknown[] }[] }).CloudWatchMetrics[0]!;
    expect(directive.Namespace).toBe('Weft/Mesh');
    expect(directive.Metrics).toEqual([{ Name: 'RequestCount', Unit: 'Count', StorageResolution: 1 }]);
    expect(line!['HostId']).toBe('i-0abc');
    expect(directive.Dimensions.flat()).not.toContain('HostId');
  });

  it('splits a distribution of more than 100 values over several lines, each valid', () => {
    const values = Array.from({ length: 250 }, (_, i) => i + 1);
    const lines = toEmfLines([{ metric: 'TargetResponseTime', dimensions: outbound, values, counts: values.map(() => 1) }, { metric: 'TargetErrorCount', dimensions: outbound, value: 1 }], { timestamp: 1 });
    expect(lines).toHaveLength(3);
    const docs = parse(lines) as { TargetResponseTime: { Values: number[] }; TargetErrorCount?: number }[];
    expect(docs.map((d) => d.TargetResponseTime.Values.length)).toEqual([100, 100, 50]);
    expect(docs.flatMap((d) => d.TargetResponseTime.Values)).toEqual(values);
    expect(docs.filter((d) => d.TargetErrorCount !== undefined)).toHaveLength(1);
    for (const line of lines) expect(emfProblems(line)).toEqual([]);
  });

  it('passes the checker written from the EMF specification', () => {
    for (const line of toEmfLines(samples, { timestamp: 1764621000000, hostId: 'h' })) expect(emfProblems(line)).toEqual([]);
  });
});

describe('the EMF checker', () => {
  const valid = toEmfLines(samples, { timestamp: 5 })[1]!;
  // A loosely typed copy of the valid line, to break one member at a time.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Loose = Record<string, any>;
  const broken = (edit: (doc: Loose) => void) => {
    const doc = JSON.parse(valid) as Loose;
    edit(doc);
    return emfProblems(JSON.stringify(doc));
  };
  it('accepts a valid line', () => expect(emfProblems(valid)).toEqual([]));
  it('rejects a missing _aws, a non-integer Timestamp and a missing Namespace', () => {
    expect(broken((d) => delete d['_aws'])).toContain('_aws is missing or not an object');
    expect(broken((d) => (d['_aws'].Timestamp = 1.5))).toContain('_aws.Timestamp is not an integer number of milliseconds');
    expect(broken((d) => delete d['_aws'].CloudWatchMetrics[0].Namespace)).toContain('CloudWatchMetrics[0].Namespace is not a string of 1-255 characters');
  });
  it('rejects a dimension without a string root member, a set of more than 30 keys, more than 100 metrics, more than 100 values', () => {
    expect(broken((d) => delete d['TargetVirtualNode'])).toContain("dimension 'TargetVirtualNode' is not a root member with a string value");
    expect(broken((d) => (d['_aws'].CloudWatchMetrics[0].Dimensions = [Array.from({ length: 31 }, () => 'Mesh')]))).toContain('CloudWatchMetrics[0].Dimensions[0] has more than 30 keys');
    expect(broken((d) => (d['_aws'].CloudWatchMetrics[0].Metrics = Array.from({ length: 101 }, () => ({ Name: 'RequestCountPerTarget' }))))).toContain('CloudWatchMetrics[0].Metrics has more than 100 definitions');
    expect(broken((d) => (d['RequestCountPerTarget'] = Array.from({ length: 101 }, () => 1)))).toContain("metric 'RequestCountPerTarget' has more than 100 values");
  });
  it('rejects a metric without a numeric target, an unknown unit and mismatched Values and Counts', () => {
    expect(broken((d) => (d['RequestCountPerTarget'] = '10'))).toContain("metric 'RequestCountPerTarget' is not a root member holding a number or an array of numbers");
    expect(broken((d) => (d['_aws'].CloudWatchMetrics[0].Metrics[0].Unit = 'Requests'))).toContain("CloudWatchMetrics[0].Metrics[0].Unit 'Requests' is not a CloudWatch unit");
    expect(broken((d) => d['TargetResponseTime'].Counts.pop())).toContain("metric 'TargetResponseTime' has 2 Values but 1 Counts");
  });
  it('rejects an event over 256 KB', () => expect(broken((d) => (d['pad'] = 'x'.repeat(256 * 1024)))).toContain('event is larger than 256 KB'));
});
