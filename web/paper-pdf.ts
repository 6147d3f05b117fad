import type { PaperRenderer } from '../activities/channels.js';
import { staffDirectory } from '../api/staff-directory.js';
import type { Database } from '../db/client.js';
import { readVisitPapers } from '../db/visit-papers.js';
import { documentReady } from '../domain/documents.js';
import { type Currency, DEFAULT_LANGUAGE } from '../domain/language.js';
import { directoryOf } from '../domain/staff.js';
import { inLanguage } from './i18n/index.js';
import { paperPage } from './pages/documents/index.js';
import { renderPdf } from './pdf.js';

/** What a paper sent to a customer prints besides the visit: the shop's header, zone and currency (the settings). */
export interface CustomerPaperSettings {
  shop: { name?: string; address?: string; timeZone?: string };
  currency: Currency;
}

/**
 * The papers the worker attaches to customer messages: the same pages the staff print (web/pages/documents), read
 * from the read model, in the customer's language, dates in the shop's zone (UTC when none is set, as the
 * messages write times), rendered by the process's Chromium (web/pdf.ts). Throws when the visit or its paper is
 * not there yet, or Chromium cannot render: the e-mail then goes without it (activities/channels.ts).
 */
export const customerPapers =
  (db: Database, settings: CustomerPaperSettings): PaperRenderer =>
  async (visitId, kind, language = DEFAULT_LANGUAGE) => {
    const papers = await readVisitPapers(db, visitId);
    if (!papers || !documentReady(kind, papers.visit)) throw new Error(`the ${kind} of visit ${visitId} is not ready`);
    const directory = directoryOf(await staffDirectory(db));
    const html = await inLanguage(
      language,
      () =>
        paperPage({
          papers,
          kind,
          tz: settings.shop.timeZone ?? 'UTC',
          shop: settings.shop,
          directory,
          printedAt: new Date().toISOString(),
          style: 'inline',
        }),
      settings.currency,
    );
    return renderPdf(html);
  };
