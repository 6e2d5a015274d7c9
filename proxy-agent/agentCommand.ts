import { parseArgs } from 'node:util';
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
weft agent bootstrap --out envoy.yaml [--node ...] [--xds-address ...] [--admin-port 9901]`;

/** Thrown for bad usage; the CLI prints the message alone. */
export class AgentUsageError extends Error {}

/** Bad usage, from the agent's own checks or from node:util's parseArgs: worth a one-line message, not a stack. */
export function isUsageError(error: unknown): error is Error {
  return error instanceof AgentUsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'));
}

function identityFrom(node: string | undefined): NodeIdentity {
  const value = node ?? process.env['APPMESH_RESOURCE_ARN'];
  if (!value) throw new AgentUsageError('which proxy? pass --node mesh/<mesh>/virtualNode/<name> or set APPMESH_RESOURCE_ARN');
  try {
    return parseNodeIdentity(value);
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
  const { adminFromEnv, envoyBootstrap, renderBootstrap } = await import('./envoy/bootstrap.js');
  // App Mesh's image read ENVOY_ADMIN_ACCESS_PORT and ENVOY_ADMIN_ACCESS_ENABLE_IPV6; --admin-port wins.
  let admin: ReturnType<typeof adminFromEnv>;
  try {
    admin = adminFromEnv(process.env);
  } catch (error) {
    throw new AgentUsageError((error as Error).message);
  }
  const adminPort = values['admin-port'] !== undefined ? Number(values['admin-port']) : admin.adminPort;
  const bootstrap = () => renderBootstrap(envoyBootstrap({ identity, xdsAddress, adminPort, adminIpv6: admin.adminIpv6, region }));

  if (positionals[0] === 'bootstrap') {
    if (!values.out) throw new AgentUsageError('bootstrap needs --out <file>');
    await writeFile(values.out, bootstrap());
    console.log(`wrote ${values.out}`);
    return;
  }
  if (positionals.length > 0) throw new AgentUsageError(`unknown agent command '${positionals[0]}'`);

  const pollSeconds = Number(values['poll-interval'] ?? 5);
  if (!(pollSeconds > 0)) throw new AgentUsageError(`--poll-interval must be a positive number of seconds (got '${values['poll-interval']}')`);
  const agent = await startAgent({
    identity,
    controlPlane: values['control-plane'] ?? 'http://127.0.0.1:7700',
    xdsAddress,
    pollIntervalMs: pollSeconds * 1000,
    cacheDir: values['cache-dir'] ?? '.weft/agent',
    region,
  });
  let envoy: { stop(): Promise<void> } | undefined;
  if (values.envoy) {
    const cacheDir = values['cache-dir'] ?? '.weft/agent';
    const bootstrapPath = `${cacheDir}/envoy-bootstrap.yaml`;
    // On a fresh host nothing has made the cache dir yet: the snapshot file only creates it on its first save.
    await mkdir(cacheDir, { recursive: true });
    await writeFile(bootstrapPath, bootstrap());
    const { startEnvoy } = await import('./envoy/envoySupervisor.js');
    envoy = startEnvoy({ envoyPath: values.envoy, bootstrapPath, adminPort, log: (m: string, d?: Record<string, unknown>) => console.error(JSON.stringify({ level: 'info', message: m, ...d })) });
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
