// The papers the visit has so far, each to print and as a PDF.
import { documentsOf } from '../../../domain/documents.js';
import type { VisitShown } from '../../../domain/visit-state.js';
import { t } from '../../i18n/index.js';
import { Empty } from '../../layout.js';

/** The papers this visit has so far (domain/documents.ts), each as a page to print and as a PDF. */
export const PrintList = ({ visitId, state }: { visitId: string; state: VisitShown }) => {
  const kinds = documentsOf(state);
  if (!kinds.length) return <Empty>{t('documents.nothingYet')}</Empty>;
  const base = `/app/visits/${encodeURIComponent(visitId)}/documents`;
  return (
    <>
      <p class="muted small">{t('documents.printHint')}</p>
      <ul class="print-list" data-documents>
        {kinds.map((kind) => (
          <li>
            <a href={`${base}/${kind}`} target="_blank" rel="noopener" data-document={kind}>
              {t(`documents.kind.${kind}`)}
            </a>{' '}
            ·{' '}
            <a href={`${base}/${kind}.pdf`} target="_blank" rel="noopener">
              {t('documents.pdf')}
            </a>
          </li>
        ))}
      </ul>
    </>
  );
};
