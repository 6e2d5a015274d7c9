import { configFromEnv } from '../shared/config.js';
import { createApiHandler } from './createApiHandler.js';

export const handler = createApiHandler(configFromEnv(process.env));
