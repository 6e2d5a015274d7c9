// The whole local stack as a process of its own, for tests that SIGKILL it:
// `node --import tsx test/crash/stackProcess.ts <data dir>` starts what
// `weft up --data-dir` starts and prints one JSON line once it answers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalStack } from '../../functions/local/localStack.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: stackProcess.ts <data dir>');
const stack = await startLocalStack({ port: 0, dataDir });
// The JVM's pid, from the lock its start wrote, so a test can kill its process group too.
const jvm = (JSON.parse(readFileSync(join(stack.dataDir ?? dataDir, 'weft-dynamodb-local.pid'), 'utf8')) as { jvm: number }).jvm;
console.log(JSON.stringify({ url: stack.url, dynamodbEndpoint: stack.config.dynamodbEndpoint, tables: stack.config.tables, jvm }));
const stop = () => void stack.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
