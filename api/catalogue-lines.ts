import type { Context } from 'hono';
import { ZodError } from 'zod';
import { recallsOwed } from '../db/campaigns.js';
import { catalogueEntries } from '../db/catalogue.js';
import { ACTIONS, type ActionPayload, type LINES_FROM_CATALOGUE, type LinesFromCatalogueAction } from '../domain/actions.js';
import { type CataloguePricedLine, expandLines } from '../domain/catalogue.js';
import { DEFAULT_LANGUAGE } from '../domain/language.js';
import type { z } from '../domain/zod.js';
import type { ApiEnv } from './deps.js';
import { AppError, validationError } from './errors.js';
import { customerLanguage } from './queries/approval-links.js';
import { dependency } from './unavailable.js';
import { visitState } from './visit-workflow.js';

/**
 * The lines of an estimate or of additional work as the visit takes them: every line that names the catalogue is
 * priced at the catalogue's price now (a package becomes its lines), in the customer's language, and keeps its
 * reference. An estimate also gets the recall work of every campaign open on the vehicle [S1.5], priced the same way
 * and marked as a campaign line (never charged, dispatched first) that names its campaign. The workflow receives
 * priced lines only, so a price changed later never reaches a visit.
 */
export async function linesFromCatalogue<A extends LinesFromCatalogueAction>(
  c: Context<ApiEnv>,
  visitId: string,
  name: A,
  sent: z.infer<(typeof LINES_FROM_CATALOGUE)[A]>,
): Promise<ActionPayload<A>> {
  const db = c.var.deps.database.db;
  const recalls = name === 'submit_estimate' ? await dependency('database', () => recallsOwed(db, visitId)) : [];
  const asked: (typeof sent.lines)[number][] = [...sent.lines, ...recalls.flatMap((r) => r.lines)];
  /** The campaign each asked line carries out; undefined for the lines staff sent. */
  const recallOf = [...sent.lines.map(() => undefined), ...recalls.flatMap((r) => r.lines.map(() => r.code))];
  const named = { codes: [] as string[], partNumbers: [] as string[], packageCodes: [] as string[] };
  for (const line of asked) {
    if (line.kind === 'labour_operation') named.codes.push(line.code);
    else if (line.kind === 'catalogue_part') named.partNumbers.push(line.partNumber);
    else if (line.kind === 'package') named.packageCodes.push(line.code);
  }
  let lines: unknown[] = asked;
  let origin = asked.map((_, i) => i);
  if (named.codes.length + named.partNumbers.length + named.packageCodes.length > 0) {
    const visit = await visitState(c.var.deps, visitId);
    const [found, fileLanguage] = await dependency('database', () =>
      Promise.all([catalogueEntries(db, named), customerLanguage(db, visit.customer.id)]),
    );
    const language = fileLanguage ?? DEFAULT_LANGUAGE;
    const expanded = expandLines(asked, found, { model: visit.vehicle.model, language });
    if (!expanded.ok) {
      const campaign = recallOf[Number(expanded.field.split('.')[1])];
      if (campaign) throw new AppError('unprocessable', `campaign ${campaign}: ${expanded.message}`);
      throw new AppError('unprocessable', `Invalid body: ${expanded.field}: ${expanded.message}`, {
        fields: [{ field: expanded.field, message: expanded.message }],
      });
    }
    ({ lines, origin } = expanded);
    lines = lines.map((line, i) => {
      const campaign = recallOf[origin[i] ?? -1];
      const priced = line as CataloguePricedLine;
      return campaign ? { ...priced, campaign: true, catalogue: { ...priced.catalogue, campaign } } : line;
    });
  }
  // The money bounds hold the priced lines (a package's may add up past what a visit can charge).
  const priced = ACTIONS[name].payload.safeParse({ ...sent, lines });
  if (priced.success) return priced.data as ActionPayload<A>;
  const asSent = priced.error.issues.map((issue) => {
    const [field, index, ...rest] = issue.path;
    return field === 'lines' && typeof index === 'number' ? { ...issue, path: [field, origin[index] ?? index, ...rest] } : issue;
  });
  throw validationError(new ZodError(asSent), 'body');
}
