import { readFile } from 'node:fs/promises';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Config } from './config.js';
import { installTemporalRuntime } from './temporal-runtime.js';

type TemporalSettings = Pick<
  Config,
  'TEMPORAL_API_KEY' | 'TEMPORAL_TLS' | 'TEMPORAL_TLS_CERT_PATH' | 'TEMPORAL_TLS_KEY_PATH' | 'TEMPORAL_TLS_SERVER_NAME'
>;

/** One reading of the TLS/API-key settings for both the client and the worker connection. */
export async function connectionOptions(address: string, config: TemporalSettings) {
  const mtls = config.TEMPORAL_TLS_CERT_PATH && config.TEMPORAL_TLS_KEY_PATH;
  const tls: ConnectionOptions['tls'] =
    mtls || config.TEMPORAL_TLS || config.TEMPORAL_API_KEY
      ? {
          serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME,
          clientCertPair: mtls
            ? {
                crt: await readFile(config.TEMPORAL_TLS_CERT_PATH as string),
                key: await readFile(config.TEMPORAL_TLS_KEY_PATH as string),
              }
            : undefined,
        }
      : undefined;
  return { address, tls, apiKey: config.TEMPORAL_API_KEY };
}

/**
 * What one answer from Temporal may weigh: a history page holds up to the whole history (the server stops a workflow
 * at 50 MB). The SDK means to allow 128 MB but names the channel option without its `grpc.` prefix, which grpc-js
 * ignores, so its default 4 MB applied: a visit with twenty drawn signatures could no longer have its history read,
 * every try refused as RESOURCE_EXHAUSTED and retried until the request's deadline answered 503.
 */
const MOST_BYTES_RECEIVED = 128 * 1024 * 1024;

export async function connectClient(address: string, config: TemporalSettings & Pick<Config, 'TEMPORAL_NAMESPACE'>) {
  const connection = await Connection.connect({
    ...(await connectionOptions(address, config)),
    channelArgs: { 'grpc.max_receive_message_length': MOST_BYTES_RECEIVED },
  });
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
}

export async function connectWorker(address: string, config: TemporalSettings) {
  installTemporalRuntime();
  return NativeConnection.connect(await connectionOptions(address, config));
}
