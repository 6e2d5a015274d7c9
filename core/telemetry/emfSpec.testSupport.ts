/**
 * A checker for CloudWatch Embedded Metric Format documents, written from
 * the specification ("Specification: Embedded Metric Format", CloudWatch
 * user guide): the root is a JSON object with `_aws`; `_aws` holds an integer
 * `Timestamp` (ms) and a `CloudWatchMetrics` array of MetricDirectives; a
 * directive holds exactly `Namespace` (1-255 characters), `Dimensions` (at
 * least one DimensionSet of at most 30 keys, each a root member with a string
 * value) and `Metrics` (at most 100 MetricDefinitions: `Name`, optional
 * `Unit` from CloudWatch's units, optional `StorageResolution` 1 or 60);
 * every metric's target is a root member holding a number or an array of at
 * most 100 numbers; an event is at most 256 KB. One extension the published
 * spec does not list but CloudWatch accepts (the CloudWatch agent and the
 * OpenTelemetry awsemf exporter write it): a distribution target
 * `{Values, Counts, Count, Sum, Min, Max}` with equal-length arrays of at
 * most 100 numbers. Returns the problems found; none means valid.
 */
const units = new Set(['Seconds', 'Microseconds', 'Milliseconds', 'Bytes', 'Kilobytes', 'Megabytes', 'Gigabytes', 'Terabytes', 'Bits', 'Kilobits', 'Megabits', 'Gigabits', 'Terabits', 'Percent', 'Count', 'Bytes/Second', 'Kilobytes/Second', 'Megabytes/Second', 'Gigabytes/Second', 'Terabytes/Second', 'Bits/Second', 'Kilobits/Second', 'Megabits/Second', 'Gigabits/Second', 'Terabits/Second', 'Count/Second', 'None']);

export function emfProblems(line: string): string[] {
  const problems: string[] = [];
  if (Buffer.byteLength(line, 'utf8') > 256 * 1024) problems.push('event is larger than 256 KB');
  let root: unknown;
  try {
    root = JSON.parse(line);
  } catch {
    return [...problems, 'not JSON'];
  }
  if (!isObject(root)) return [...problems, 'root is not an object'];
  const aws = root['_aws'];
  if (!isObject(aws)) return [...problems, '_aws is missing or not an object'];
  extraMembers(aws, ['Timestamp', 'CloudWatchMetrics', 'LogGroupName'], '_aws', problems);
  if (typeof aws['Timestamp'] !== 'number' || !Number.isInteger(aws['Timestamp']) || aws['Timestamp'] < 0) problems.push('_aws.Timestamp is not an integer number of milliseconds');
  const directives = aws['CloudWatchMetrics'];
  if (!Array.isArray(directives)) return [...problems, '_aws.CloudWatchMetrics is not an array'];
  directives.forEach((directive, d) => {
    const at = `CloudWatchMetrics[${d}]`;
    if (!isObject(directive)) return problems.push(`${at} is not an object`);
    extraMembers(directive, ['Namespace', 'Dimensions', 'Metrics'], at, problems);
    const ns = directive['Namespace'];
    if (typeof ns !== 'string' || ns.length < 1 || ns.length > 255) problems.push(`${at}.Namespace is not a string of 1-255 characters`);
    const sets = directive['Dimensions'];
    if (!Array.isArray(sets) || sets.length === 0) problems.push(`${at}.Dimensions is not a non-empty array`);
    else sets.forEach((set, s) => {
      if (!Array.isArray(set)) return problems.push(`${at}.Dimensions[${s}] is not an array`);
      if (set.length > 30) problems.push(`${at}.Dimensions[${s}] has more than 30 keys`);
      for (const key of set) {
        if (typeof key !== 'string' || key.length < 1 || key.length > 255) problems.push(`${at}.Dimensions[${s}] holds a key that is not a 1-255 character string`);
        else if (typeof root[key] !== 'string') problems.push(`dimension '${key}' is not a root member with a string value`);
      }
    });
    const metrics = directive['Metrics'];
    if (!Array.isArray(metrics)) return problems.push(`${at}.Metrics is not an array`);
    if (metrics.length > 100) problems.push(`${at}.Metrics has more than 100 definitions`);
    metrics.forEach((metric, m) => {
      const mat = `${at}.Metrics[${m}]`;
      if (!isObject(metric)) return problems.push(`${mat} is not an object`);
      extraMembers(metric, ['Name', 'Unit', 'StorageResolution'], mat, problems);
      const name = metric['Name'];
      if (typeof name !== 'string' || name.length < 1 || name.length > 255) return problems.push(`${mat}.Name is not a 1-255 character string`);
      if (metric['Unit'] !== undefined && !units.has(metric['Unit'] as string)) problems.push(`${mat}.Unit '${String(metric['Unit'])}' is not a CloudWatch unit`);
      if (metric['StorageResolution'] !== undefined && metric['StorageResolution'] !== 1 && metric['StorageResolution'] !== 60) problems.push(`${mat}.StorageResolution is neither 1 nor 60`);
      problems.push(...targetProblems(name, root[name]));
    });
  });
  return problems;
}

function targetProblems(name: string, target: unknown): string[] {
  if (typeof target === 'number') return Number.isFinite(target) ? [] : [`metric '${name}' is not a finite number`];
  if (Array.isArray(target)) return numberArrayProblems(`metric '${name}'`, target);
  if (isObject(target)) {
    const values = target['Values'];
    const counts = target['Counts'];
    if (!Array.isArray(values) || !Array.isArray(counts)) return [`metric '${name}' is an object without Values and Counts arrays`];
    const problems = [...numberArrayProblems(`metric '${name}' Values`, values), ...numberArrayProblems(`metric '${name}' Counts`, counts)];
    if (values.length !== counts.length) problems.push(`metric '${name}' has ${values.length} Values but ${counts.length} Counts`);
    for (const member of ['Count', 'Sum', 'Min', 'Max']) if (typeof target[member] !== 'number') problems.push(`metric '${name}' lacks a numeric ${member}`);
    return problems;
  }
  return [`metric '${name}' is not a root member holding a number or an array of numbers`];
}

function numberArrayProblems(what: string, array: unknown[]): string[] {
  const problems: string[] = [];
  if (array.length > 100) problems.push(`${what} has more than 100 values`);
  if (array.some((v) => typeof v !== 'number' || !Number.isFinite(v))) problems.push(`${what} holds something other than finite numbers`);
  return problems;
}

function extraMembers(object: Record<string, unknown>, allowed: readonly string[], at: string, problems: string[]): void {
  for (const key of Object.keys(object)) if (!allowed.includes(key)) problems.push(`${at} has a member the specification does not define: '${key}'`);
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
