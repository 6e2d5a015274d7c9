import { configFromEnv } from '../shared/config.js';
import { createProjectorHandler } from './createProjectorHandler.js';

export const handler = createProjectorHandler(configFromEnv(process.env));
