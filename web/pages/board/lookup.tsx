// The booking form's customer lookup: search the files, then pick a customer's vehicle to fill the form.
import { t } from '../../i18n/index.js';
import type { BoardPageProps } from './page.js';

/** Customers on file for the booking: search, then pick one of their vehicles (or none) to fill the form. */
export const Lookup = ({ day, lookup }: { day: string; lookup?: BoardPageProps['lookup'] }) => (
  <div class="lookup">
    <form method="get" action="/app/board#book" class="lookup-form">
      <input type="hidden" name="date" value={day} />
      <label for="lookup-q">{t('board.lookup.label')}</label>
      <input id="lookup-q" type="search" name="lookup" value={lookup?.q ?? ''} placeholder={t('board.lookup.placeholder')} />
      <button type="submit" class="btn btn-small">
        {t('board.lookup.find')}
      </button>
    </form>
    {lookup ? (
      lookup.matches.length === 0 ? (
        <p class="muted small">{t('board.lookup.none', { q: lookup.q })}</p>
      ) : (
        <ul class="lookup-results" data-lookup-results>
          {lookup.matches.map((m) => (
            <li>
              <strong>{m.name}</strong> <span class="muted small">{m.phone}</span>{' '}
              {m.vehicles.map((v) => (
                <a class="btn btn-small" href={`/app/board?date=${day}&customer=${m.id}&vin=${v.vin}#book`}>
                  {v.plate} · {v.model}
                </a>
              ))}{' '}
              <a class="btn btn-small btn-ghost" href={`/app/board?date=${day}&customer=${m.id}#book`}>
                {t('board.lookup.another')}
              </a>
            </li>
          ))}
        </ul>
      )
    ) : null}
  </div>
);
