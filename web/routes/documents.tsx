import { Hono } from 'hono';
import type { ApiEnv } from '../../api/deps.js';
import { readVisitPapers } from '../../db/visit-papers.js';
import { DocumentKind, documentReady } from '../../domain/documents.js';
import { readsAll } from '../../domain/roles.js';
import { z } from '../../domain/zod.js';
import { type ApiApp, PageError, staffDirectory } from '../api-client.js';
import { t } from '../i18n/index.js';
import { paperPage } from '../pages/documents/index.js';
import { PdfUnavailable, renderPdf } from '../pdf.js';
import { type C, param, type Staff, staffOnly } from './screen.js';

// Printed papers [S1.2]: each document as an A4 page, and the same page as a PDF.

export function documentsScreen(api: ApiApp) {
  const web = new Hono<ApiEnv>();
  const staff = staffOnly(api);

  /** The paper as HTML, read from the database only; a paper whose step has not happened yet is a 404. */
  async function paperHtml(c: C, s: Staff, kind: DocumentKind, style: 'link' | 'inline') {
    const visitId = z.uuid().safeParse(param(c, 'id'));
    const papers = visitId.success ? await readVisitPapers(c.var.deps.database.db, visitId.data) : null;
    if (!papers) throw new PageError(404, t('errorPage.noRecord'));
    // The workshop prints its sheets without the customer's number, as it is shown the visit (READS.visit).
    const { visit } = papers;
    const shown = readsAll(s.session.staff.role, 'visit')
      ? papers
      : { ...papers, visit: { ...visit, customer: { id: visit.customer.id, name: visit.customer.name } } };
    if (!documentReady(kind, papers.visit))
      throw new PageError(404, t('documents.notReady', { document: t(`documents.kind.${kind}`) }));
    const { shop } = c.var.settings;
    return paperPage({
      papers: shown,
      tz: shop.timeZone ?? s.session.tz,
      shop,
      directory: await staffDirectory(s.api),
      printedAt: new Date().toISOString(),
      style,
      kind,
    });
  }

  web.get(
    '/visits/:id/documents/:file',
    staff(async (c, s) => {
      const [, name, pdf] = param(c, 'file').match(/^([a-z]+)(\.pdf)?$/) ?? [];
      const kind = DocumentKind.safeParse(name);
      if (!kind.success) throw new PageError(404, t('errorPage.noPaper'));
      if (!pdf) return c.html(await paperHtml(c, s, kind.data, 'link'));
      const html = await paperHtml(c, s, kind.data, 'inline');
      try {
        const body = await renderPdf(html);
        c.header('content-type', 'application/pdf');
        c.header('content-disposition', `inline; filename="${kind.data}.pdf"`);
        c.header('cache-control', 'no-store');
        return c.body(body);
      } catch (err) {
        if (err instanceof PdfUnavailable) throw new PageError(503, t('documents.noBrowser'));
        throw err;
      }
    }),
  );

  return web;
}
