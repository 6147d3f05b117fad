import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { afterAll, beforeAll, inject } from 'vitest';
import { installTemporalRuntime } from '../../runtime/temporal-runtime.js';

/**
 * A client and a worker connection to the suite's Temporal server, for a test that runs workers of its own (the
 * SDK patches' tests): opened before the file's tests, closed after them. Read the fields inside a test.
 */
export function useTemporalConnections(): { client: Client; connection: NativeConnection } {
  const opened = {} as { client: Client; connection: NativeConnection };
  beforeAll(async () => {
    installTemporalRuntime();
    const address = inject('temporalAddress');
    opened.client = new Client({ connection: await Connection.connect({ address }) });
    opened.connection = await NativeConnection.connect({ address });
  });
  afterAll(async () => {
    await opened.connection?.close();
    await opened.client?.connection.close();
  });
  return opened;
}
