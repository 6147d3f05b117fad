import type { JSX } from 'hono/jsx/jsx-runtime';
import type { DocumentKind } from '../../../domain/documents.js';
import { DiagnosisDocument } from './diagnosis.js';
import { EstimateDocument } from './estimate.js';
import { InspectionDocument } from './inspection.js';
import { InvoiceDocument } from './invoice.js';
import type { PaperProps } from './paper.js';
import { QcDocument } from './qc.js';

/** One page per paper; keyed by the union so a new kind without its page does not compile. */
export const DOCUMENTS: Record<DocumentKind, (p: PaperProps) => JSX.Element | null> = {
  inspection: InspectionDocument,
  diagnosis: DiagnosisDocument,
  estimate: EstimateDocument,
  qc: QcDocument,
  invoice: InvoiceDocument,
};

/** A paper as a whole HTML page: what the browser shows, Chromium prints and a customer's e-mail attaches. */
export const paperPage = async (props: PaperProps) => `<!doctype html>${await DOCUMENTS[props.kind](props)}`;

export type { PaperProps } from './paper.js';
