import { randomUUID } from 'node:crypto';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { localLambdaContext } from './lambdaContext.js';

export interface ScheduleOptions {
  readonly name: string;
  readonly intervalMs: number;
  readonly region: string;
  readonly accountId: string;
  readonly handler: (event: ScheduledEvent, context: Context) => Promise<unknown>;
}

/**
 * An EventBridge schedule on one machine: every `intervalMs`, the handler gets
 * the "Scheduled Event" EventBridge would deliver. Ticks never overlap (a slow
 * run delays the next, as a Lambda with reserved concurrency 1 would), and a
 * failed run is logged and the schedule goes on.
 */
export function startSchedule(options: ScheduleOptions): { stop(): Promise<void> } {
  let stopped = false;
  let wake: (() => void) | undefined;
  const pause = (ms: number) => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  const loop = async () => {
    while (!stopped) {
      await pause(options.intervalMs);
      if (stopped) break;
      const id = randomUUID();
      const event: ScheduledEvent = {
        version: '0',
        id,
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: options.accountId,
        time: new Date().toISOString(),
        region: options.region,
        resources: [`arn:aws:events:${options.region}:${options.accountId}:rule/${options.name}`],
        detail: {},
      };
      try {
        await options.handler(event, localLambdaContext(options.name, id));
      } catch (error) {
        if (!stopped) console.error(JSON.stringify({ level: 'error', message: 'scheduled run failed', schedule: options.name, error: String(error) }));
      }
    }
  };
  const running = loop();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await running;
    },
  };
}
