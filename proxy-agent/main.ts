// The agent's own entry point: what `bin/weft-agent` runs, bundled into
// dist/weft-agent.mjs (scripts/build-agent.mjs). It runs on every host, so it
// carries nothing of the control plane and no TypeScript loader.
import { agentCommand, agentUsage, isUsageError } from './agentCommand.js';

const argv = process.argv.slice(2);
if (argv[0] === 'help' || argv[0] === '--help') {
  console.log(agentUsage.replaceAll('weft agent', 'weft-agent'));
} else {
  try {
    await agentCommand(argv);
  } catch (error) {
    if (!isUsageError(error)) throw error;
    console.error(`weft-agent: ${error.message}`);
    process.exitCode = 1;
  }
}
