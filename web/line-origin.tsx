import { type CatalogueRef, wordedIn } from '../domain/catalogue.js';
import type { Line } from '../domain/visit-state.js';
import { type Key, language, t } from './i18n/index.js';

// A line's name in the reader's language, and where its price came from [S3.2], in people's words, on the visit page, the customer's approval page and the
// printed papers alike: the published price list with the operation's code or the part number, or the advisor.

const FROM: Record<CatalogueRef['kind'], Key> = {
  labour_operation: 'estimateCatalogue.fromOperation',
  part: 'estimateCatalogue.fromPart',
};

export const lineOrigin = (ref: CatalogueRef | undefined) =>
  ref
    ? `${t(FROM[ref.kind], { code: ref.code })}${ref.packageCode ? ` · ${t('estimateCatalogue.inPackage')}` : ''}`
    : t('estimateCatalogue.typedLine');

/** The origin as a mark of its own, so a reader (and a test) tells the two kinds of line apart. */
export const LineOrigin = ({ line, class: cls }: { line: { catalogue?: CatalogueRef }; class?: string }) => (
  <span class={cls} data-origin={line.catalogue ? 'catalogue' : 'typed'}>
    {lineOrigin(line.catalogue)}
  </span>
);

/** The line's name in the page's language: the catalogue's words for its entry, else the line's own description. */
export const lineName = (line: Pick<Line, 'description' | 'catalogueWords'>) =>
  line.catalogueWords
    ? wordedIn(line.catalogueWords.description, line.catalogueWords.translations, language())
    : line.description;
