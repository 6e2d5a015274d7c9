import { configFromEnv } from '../shared/config.js';
import { createRegistrySweeperHandler } from './createRegistrySweeperHandler.js';

export const handler = createRegistrySweeperHandler(configFromEnv(process.env));
