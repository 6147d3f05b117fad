import type { Client } from '@temporalio/client';
import type { DatabaseHandle } from '../db/client.js';

/** Everything a request handler may touch; the API keeps no state of its own so it scales out. */
export interface ApiDeps {
  database: DatabaseHandle;
  temporal: Client;
  taskQueue: string;
  temporalUiUrl?: string;
}

export interface ApiEnv {
  Variables: { deps: ApiDeps; requestId: string };
}
