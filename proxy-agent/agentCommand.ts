import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { startAgent } from './agent.js';
import { parseNodeIdentity } from './nodeIdentity.js';
import type { NodeIdentity } from './nodeIdentity.js';

export const agentUsage = `weft agent [options]                 serve this host's proxies over xDS
  --node mesh/<mesh>/virtualNode/<name>   (or the App Mesh ARN; default: $APPMESH_RESOURCE_ARN)
  --control-plane URL       default http://127.0.0.1:7700
  --xds-address ADDR        host:port or unix:/path (default 127.0.0.1:15010)
  --poll-interval SECONDS   when the control plane cannot hold requests (default 5)
  --cache-dir DIR           last good snapshot (default .weft/agent)
  --region REGION           for SigV4 signing (default $AWS_REGION or us-east-1)
  --envoy PATH              also run Envoy from PATH with a bootstrap pointing here
weft agent bootstrap --out envoy.yaml [--node ...] [--xds-address ...] [--admin-port 9901]
The bootstrap and the supervised Envoy follow App Mesh's Envoy image's environment
(ENVOY_LOG_LEVEL, ENABLE_ENVOY_XRAY_TRACING, ENABLE_ENVOY_STATS_TAGS, APPMESH_METRIC_EXTENSION_VERSION, ...).`;

/** Thrown for bad usage; the CLI prints the message alone. */
export class AgentUsageError extends Error {}

/** Bad usage, from the agent's own checks or from node:util's parseArgs: worth a one-line message, not a stack. */
export function isUsageError(error: unknown): error is Error {
  return error instanceof AgentUsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'));
}

function identityFrom(node: string | undefined): NodeIdentity {
  // The image's older names for the same thing still worked, in this order.
  const value = node ?? (process.env['APPMESH_RESOURCE_ARN'] || process.env['APPMESH_RESOURCE_NAME'] || process.env['APPMESH_VIRTUAL_NODE_NAME']);
  if (!value) throw new AgentUsageError('which proxy? pass --node mesh/<mesh>/virtualNode/<name> or set APPMESH_RESOURCE_ARN');
  try {
    return parseNodeIdentity(value);
  } catch (error) {
    throw new AgentUsageError((error as Error).message);
  }
}

/** The image's environment names the variable in every error: a usage error, not a stack. */
function asUsage<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    throw new AgentUsageError((error as Error).message);
  }
}

export async function agentCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      node: { type: 'string' },
      'control-plane': { type: 'string' },
      'xds-address': { type: 'string' },
      'poll-interval': { type: 'string' },
      'cache-dir': { type: 'string' },
      region: { type: 'string' },
      envoy: { type: 'string' },
      out: { type: 'string' },
      'admin-port': { type: 'string' },
    },
  });
  const identity = identityFrom(values.node);
  const xdsAddress = values['xds-address'] ?? '127.0.0.1:15010';
  const region = values.region ?? process.env['AWS_REGION'] ?? 'us-east-1';
  // App Mesh's Envoy image took its settings from the environment (ENVOY_*, APPMESH_*, ...): so does the agent; --admin-port wins.
  const { imageEnvironment } = await import('./envoy/imageEnvironment.js');
  const { bootstrapFiles, userBootstrap } = await import('./envoy/bootstrapFiles.js');
  const read = (path: string) => readFileSync(path, 'utf8');
  const image = asUsage(() => imageEnvironment(process.env, read));
  const adminPort = values['admin-port'] !== undefined ? Number(values['admin-port']) : image.adminPort;
  const options = { identity, xdsAddress, image, adminPort, region };
  const user = asUsage(() => userBootstrap(image, read));
  const writeAll = async (files: { path: string; text: string }[]) => {
    for (const file of files) await writeFile(file.path, file.text);
  };

  if (positionals[0] === 'bootstrap') {
    if (!values.out) throw new AgentUsageError('bootstrap needs --out <file>');
    const out = values.out;
    await writeAll(user !== undefined ? [{ path: out, text: user }] : asUsage(() => bootstrapFiles(options, out)));
    console.log(`wrote ${values.out}`);
    return;
  }
  if (positionals.length > 0) throw new AgentUsageError(`unknown agent command '${positionals[0]}'`);

  const pollSeconds = Number(values['poll-interval'] ?? 5);
  if (!(pollSeconds > 0)) throw new AgentUsageError(`--poll-interval must be a positive number of seconds (got '${values['poll-interval']}')`);
  const cacheDir = values['cache-dir'] ?? '.weft/agent';
  // ENVOY_CONFIG_FILE: Envoy reads that file, as it is if it holds a bootstrap, filled with the generated one if empty.
  const bootstrapPath = image.configFile ?? `${cacheDir}/envoy-bootstrap.yaml`;
  // Built before the agent starts, so a bad environment stops it before it serves anything.
  const envoyFiles = values.envoy && user === undefined ? asUsage(() => bootstrapFiles(options, bootstrapPath)) : [];
  const agent = await startAgent({
    identity,
    controlPlane: values['control-plane'] ?? 'http://127.0.0.1:7700',
    xdsAddress,
    pollIntervalMs: pollSeconds * 1000,
    cacheDir,
    region,
  });
  let envoy: { stop(): Promise<void> } | undefined;
  if (values.envoy) {
    // On a fresh host nothing has made the cache dir yet: the snapshot file only creates it on its first save.
    await mkdir(cacheDir, { recursive: true });
    await writeAll(envoyFiles);
    const { startEnvoy } = await import('./envoy/envoySupervisor.js');
    envoy = startEnvoy({
      envoyPath: values.envoy,
      bootstrapPath,
      adminPort,
      logLevel: image.logLevel,
      ...(image.concurrency !== undefined ? { concurrency: image.concurrency } : {}),
      // APPNET_ENVOY_RESTART_COUNT counted restarts over the task's life, not per window.
      maxRestarts: image.restartCount,
      restartWindowMs: Number.POSITIVE_INFINITY,
      drainSeconds: image.drainSeconds,
      log: (m: string, d?: Record<string, unknown>) => console.error(JSON.stringify({ level: 'info', message: m, ...d })),
    });
  }
  console.log(`Weft agent for mesh/${identity.mesh}/${identity.kind}/${identity.name}: xDS on ${xdsAddress.startsWith('unix:') ? xdsAddress : `127.0.0.1:${agent.xdsPort}`}`);
  // First signal: drain Envoy and stop cleanly. A second one exits at once, and
  // process.exit still runs the hook that takes Envoy down with the agent.
  let stopping = false;
  const onSignal = () => {
    if (stopping) process.exit(130);
    stopping = true;
    void (async () => {
      await envoy?.stop();
      await agent.stop();
      process.exit(0);
    })();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
