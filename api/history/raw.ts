import { createRequire } from 'node:module';
import { type History, historyToJSON } from '@temporalio/common/lib/proto-utils.js';

type ToJson = (history: History) => string;

/**
 * `historyToJSON` checks `type instanceof Type` against the protobufjs copy @temporalio/common resolves, while
 * the History type comes from the copy @temporalio/proto resolves. When npm cannot hoist one protobufjs 8 for
 * both (here @grpc/proto-loader holds protobufjs 7 at the root), each gets its own copy and the check fails
 * with "type must be a Type". This does the same conversion with the protojson of @temporalio/proto's own
 * copy, so the output is identical.
 */
function protoOwnToJson(): ToJson {
  const fromHere = createRequire(import.meta.url);
  const fromCommon = createRequire(fromHere.resolve('@temporalio/common'));
  const fromProto = createRequire(fromCommon.resolve('@temporalio/proto'));
  const proto = fromCommon('@temporalio/proto');
  const { patchProtobufRoot } = fromCommon('@temporalio/proto/lib/patch-protobuf-root');
  const { toJson } = fromProto('protobufjs/ext/protojson');
  const historyType = patchProtobufRoot(proto).lookupType('temporal.api.history.v1.History');
  return (history) => JSON.stringify(toJson(historyType, proto.temporal.api.history.v1.History.fromObject(history)));
}

let fallback: ToJson | undefined;

/** Temporal's own history JSON (the format of `temporal workflow show --output json` and replay files). */
export function rawHistory(history: History): { events: Record<string, unknown>[] } {
  try {
    return JSON.parse(historyToJSON(history));
  } catch (err) {
    if (!(err instanceof TypeError && err.message.includes('must be a Type'))) throw err;
    fallback ??= protoOwnToJson();
    return JSON.parse(fallback(history));
  }
}
