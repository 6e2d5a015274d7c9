import type { CommandDeps } from '../../application/handleCommand.js';
import type { JsonObject } from '../../domain/resource.js';
import type { HttpRequest } from '../http.js';

/** What every operation gets: its validated input, the request, and the ports. */
export interface OperationContext {
  readonly operation: string;
  readonly input: JsonObject;
  readonly request: HttpRequest;
  readonly deps: CommandDeps;
}

/** An operation answers with the JSON body of a 200. */
export type OperationHandler = (ctx: OperationContext) => Promise<unknown>;
