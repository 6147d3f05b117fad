// The papers the visit has so far, each to print and as a PDF.
import { documentsOf } from '../../../domain/documents.js';
import type { Language } from '../../../domain/language.js';
import type { VisitShown } from '../../../domain/visit-state.js';
import { language, t } from '../../i18n/index.js';
import { Empty } from '../../layout.js';

/**
 * The papers this visit has so far (domain/documents.ts), each as a page to print and as a PDF; and in the customer's
 * language when their file names another than the screen's: the estimate they sign and the invoice they take home
 * came out in the advisor's language, unless someone knew to add `?lang=` to the paper's address by hand.
 */
export const PrintList = ({
  visitId,
  state,
  customerLanguage,
}: {
  visitId: string;
  state: VisitShown;
  customerLanguage?: Language | null;
}) => {
  const kinds = documentsOf(state);
  if (!kinds.length) return <Empty>{t('documents.nothingYet')}</Empty>;
  const base = `/app/visits/${encodeURIComponent(visitId)}/documents`;
  const theirs = customerLanguage && customerLanguage !== language() ? customerLanguage : undefined;
  return (
    <>
      <p class="muted small">{t('documents.printHint')}</p>
      {theirs ? (
        <p class="muted small" data-customer-language={theirs}>
          {t('documents.customerLanguage', { language: t(`language.name.${theirs}`) })}
        </p>
      ) : null}
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
            {theirs ? (
              <>
                {' '}
                ·{' '}
                <a
                  href={`${base}/${kind}?lang=${theirs}`}
                  target="_blank"
                  rel="noopener"
                  hreflang={theirs}
                  lang={theirs}
                  class="paper-language"
                >
                  {t(`language.name.${theirs}`)}
                </a>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
};
