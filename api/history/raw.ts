import type { History } from '@temporalio/common/lib/proto-utils.js';
import { historyToJson } from '../../runtime/history-json.js';

/** Temporal's own history JSON (the format of `temporal workflow show --output json` and replay files). */
export const rawHistory = (history: History): { events: Record<string, unknown>[] } => historyToJson(history);
