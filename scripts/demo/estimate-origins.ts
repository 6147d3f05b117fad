import type { VisitState } from '../../domain/visit-state.js';
import type { ServicelaneClient } from './client.js';

// Issue 18: a visit of the day whose estimate came from the price list, to open on the screens. Its work order, its
// customer's approval page and its printed estimate mark each line "from the price list" (with the operation's code
// or the part number) or "priced by the advisor".

/** The first visit whose estimate mixes price-list lines and a typed one, else the first with price-list lines. */
export async function estimateFromPriceList(api: ServicelaneClient, visitIds: string[], url: string): Promise<string> {
  let fromListOnly: string | undefined;
  for (const id of visitIds) {
    const { state } = await api.as('advisor').get<{ state: VisitState | null }>(`/visits/${id}`);
    const lines = state?.lines ?? [];
    const listed = lines.filter((l) => l.catalogue).length;
    const where = `${url}/app/visits/${id} (${listed} lines from the price list, ${lines.length - listed} priced by the advisor)`;
    if (listed > 0 && listed < lines.length) return where;
    fromListOnly ??= listed > 0 ? where : undefined;
  }
  return fromListOnly ?? 'no visit reached its estimate';
}
