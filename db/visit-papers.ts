import { and, asc, eq } from 'drizzle-orm';
import type { VisitShown } from '../domain/visit-state.js';
import type { Database } from './client.js';
import { consents, visitForms, visits } from './schema.js';
import { readVisit } from './visit-view.js';

/** A customer's drawn signature as the records keep it (a data: URL image) and who signed. */
export interface SignatureOnFile {
  signedBy: string;
  image: string;
  at: string;
}

/**
 * What the printed papers need beyond the visit itself: the RO number printed on every page and the customer's
 * drawn signatures (the walk-around's, and the estimate's: the pickup voucher), which the visit state names only.
 */
export interface VisitPapers {
  /** Without the customer's phone for the workshop's roles (`READS.visit`). */
  visit: VisitShown;
  roNumber: number;
  walkAroundSignature?: SignatureOnFile;
  /** Consents signed by hand, in the order given (the estimate first, then any additional work). */
  signedConsents: SignatureOnFile[];
}

const signatureIn = (data: Record<string, unknown>): { signedBy: string; image: string } | undefined => {
  const sig = data.customerSignature as { signedBy?: unknown; image?: unknown } | undefined;
  return typeof sig?.signedBy === 'string' && typeof sig.image === 'string'
    ? { signedBy: sig.signedBy, image: sig.image }
    : undefined;
};

/** Null when no visit has this id; like readVisit, it reads the database only. */
export async function readVisitPapers(db: Database, visitId: string): Promise<VisitPapers | null> {
  const visit = await readVisit(db, visitId);
  if (!visit) return null;
  const [[row], consentRows, [walkAround]] = await Promise.all([
    db.select({ roNumber: visits.roNumber }).from(visits).where(eq(visits.id, visitId)).limit(1),
    db
      .select()
      .from(consents)
      .where(and(eq(consents.visitId, visitId), eq(consents.method, 'signature')))
      .orderBy(asc(consents.at)),
    db
      .select()
      .from(visitForms)
      .where(and(eq(visitForms.visitId, visitId), eq(visitForms.kind, 'inspection')))
      .limit(1),
  ]);
  if (!row) return null;
  const walkAroundSig = walkAround ? signatureIn(walkAround.data) : undefined;
  return {
    visit,
    roNumber: row.roNumber,
    ...(walkAroundSig && walkAround ? { walkAroundSignature: { ...walkAroundSig, at: walkAround.at.toISOString() } } : {}),
    signedConsents: consentRows.flatMap((c) =>
      c.signedBy && c.signature ? [{ signedBy: c.signedBy, image: c.signature, at: c.at.toISOString() }] : [],
    ),
  };
}
