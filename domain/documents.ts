import { isCharged } from './money-rules.js';
import type { VisitShown } from './visit-state.js';
import { z } from './zod.js';

/**
 * The papers a visit prints [S1.2]: the signed estimate is the customer's pickup voucher (with the promised time),
 * the walk-around sheet is signed at reception, the diagnosis report and QC checklist are filed, the invoice is
 * handed over at pickup.
 */
export const DocumentKind = z.enum(['inspection', 'diagnosis', 'estimate', 'qc', 'invoice']);
export type DocumentKind = z.infer<typeof DocumentKind>;

/** A paper exists once the step that fills it has happened; before that there is nothing to print. */
const READY: Record<DocumentKind, (visit: VisitShown) => boolean> = {
  estimate: (v) => v.lines.length > 0,
  inspection: (v) => v.inspection !== undefined,
  diagnosis: (v) => v.diagnosis !== undefined,
  qc: (v) => v.qc.length > 0,
  invoice: (v) => v.pickup !== undefined,
};

export const documentReady = (kind: DocumentKind, visit: VisitShown) => READY[kind](visit);
/** The papers of the visit so far, in the order the loop fills them (the enum's order). */
export const documentsOf = (visit: VisitShown): DocumentKind[] => DocumentKind.options.filter((k) => READY[k](visit));

/** The lines the invoice charges. */
export const chargedLines = (visit: VisitShown) => visit.lines.filter(isCharged);
