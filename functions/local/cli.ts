import { agentCommand, agentUsage, isUsageError } from '../../proxy-agent/agentCommand.js';
import { upUsage, weftUp } from './weftUp.js';
import { statusUsage, weftStatus } from './weftStatus.js';
import { UserError } from './userError.js';

const usage = `usage: weft <command> [options]

commands:
  up      run the whole control plane on this machine
  agent   run the per-host agent: xDS for Envoy and proxyless gRPC
  status  which proxy runs which config, per node and gateway

${upUsage}

${agentUsage}

${statusUsage}`;

const commands: Record<string, (argv: string[]) => Promise<void>> = { up: weftUp, agent: agentCommand, status: weftStatus };

export async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.log(usage);
    process.exitCode = name && name !== 'help' && name !== '--help' ? 2 : 0;
    return;
  }
  try {
    await command(rest);
  } catch (error) {
    if (error instanceof UserError || isUsageError(error)) {
      console.error(`weft ${name}: ${error.message}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}
