import { createRequire } from 'node:module';
import type { History } from '@temporalio/common/lib/proto-utils.js';

/**
 * Temporal's history JSON (the format of `temporal workflow show --output json` and of replay files), both
 * ways. The SDK's own `historyToJSON`/`historyFromJSON` check `instanceof Type` against the protobufjs that
 * @temporalio/common resolves, while the History type comes from the one @temporalio/proto resolves; npm
 * nests a copy under each (the root slot holds the protobufjs 7 that @grpc/proto-loader needs), and the check
 * fails with "type must be a Type". Taking ProtoJSON from @temporalio/proto's own copy gives the same output.
 */
const require = createRequire(import.meta.url);
const fromCommon = createRequire(require.resolve('@temporalio/common'));
const proto = fromCommon('@temporalio/proto');
const { patchProtobufRoot } = fromCommon('@temporalio/proto/lib/patch-protobuf-root');
const { toJson, fromJson } = createRequire(fromCommon.resolve('@temporalio/proto'))('protobufjs/ext/protojson');
const historyType = patchProtobufRoot(proto).lookupType('temporal.api.history.v1.History');

export const historyToJson = (history: History): { events: Record<string, unknown>[] } =>
  toJson(historyType, proto.temporal.api.history.v1.History.fromObject(history));

export const historyFromJson = (json: unknown): History => fromJson(historyType, json, { ignoreUnknownFields: true });

/** The marker core records for a local activity: its type and outcome in `data`, its answer in `result`. */
export const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

/** The history's size as the server stores it (protobuf): what Temporal's history limits and `historySize` count. */
export const historyStoredBytes = (json: unknown): number =>
  proto.temporal.api.history.v1.History.encode(historyFromJson(json)).finish().length;
