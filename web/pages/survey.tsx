import type { CustomerSurvey } from '../../domain/survey.js';
import { HIGHEST_RATING, LOW_RATING, LOWEST_RATING, SURVEY_QUESTIONS } from '../../domain/survey-rules.js';
import { type FailedForm, FormError, FormView } from '../forms.js';
import { t } from '../i18n/index.js';
import { BarePage, ShopHead } from '../layout.js';
import { ContactsLink } from './contacts.js';

// The customer's satisfaction survey after pickup, opened from their approval link on a phone: five questions, each
// a real radio group of 1–5 stars with its label, an optional comment, and the thank-you page.

const STARS = Array.from({ length: HIGHEST_RATING - LOWEST_RATING + 1 }, (_, i) => LOWEST_RATING + i);

export function SurveyPage({ survey: s, action, failed }: { survey: CustomerSurvey; action: string; failed?: FailedForm }) {
  const form = new FormView('survey', failed);
  return (
    <BarePage title={t('survey.title')} bodyClass="customer-body">
      <main class="approve survey">
        <ShopHead />
        <h1>{t('survey.title')}</h1>
        <p class="lead">{t('survey.lead', { name: s.customer.name, model: s.vehicle.model, plate: s.vehicle.plate })}</p>
        <form method="post" action={action} novalidate data-survey>
          <FormError form={form} />
          {SURVEY_QUESTIONS.map((q) => {
            const chosen = form.value(q, '');
            const error = form.error(q);
            return (
              <fieldset class={`survey-question ${error ? 'has-error' : ''}`} data-question={q}>
                <legend>{t(`survey.question.${q}`)}</legend>
                <div class="stars">
                  {STARS.map((n) => (
                    <label class="star">
                      <input type="radio" name={q} value={String(n)} checked={chosen === String(n)} />
                      <span aria-hidden="true">{n}★</span>
                      <span class="sr-only">{t('survey.stars', { n })}</span>
                    </label>
                  ))}
                </div>
                <p class="small muted scale">{t('survey.scale')}</p>
                {error ? <p class="field-error">{error}</p> : null}
              </fieldset>
            );
          })}
          <label class="survey-comment" for="survey-comment">
            {t('survey.comment')}
          </label>
          <textarea id="survey-comment" name="comment" rows={4} maxlength={2000}>
            {form.value('comment', '')}
          </textarea>
          {form.error('comment') ? <p class="field-error">{form.error('comment')}</p> : null}
          <button type="submit" class="btn btn-primary btn-block">
            {t('survey.send')}
          </button>
        </form>
        <ContactsLink />
      </main>
    </BarePage>
  );
}

export function SurveyDonePage({ survey: s, overall }: { survey: CustomerSurvey; overall: number }) {
  return (
    <BarePage title={t('survey.thanksTitle')} bodyClass="customer-body">
      <main class="approve survey">
        <ShopHead />
        <h1>{t('survey.thanksTitle')}</h1>
        <p class="lead" data-survey-thanks>
          {t('survey.thanks', { name: s.customer.name, model: s.vehicle.model })}
        </p>
        {overall <= LOW_RATING ? <p data-survey-sorry>{t('survey.sorry')}</p> : null}
        <ContactsLink />
      </main>
    </BarePage>
  );
}

/** On the approval link's page once the car is picked up: the survey, while it takes an answer. */
export const SurveyOffer = ({ href }: { href: string }) => (
  <div class="survey-offer" data-survey-offer>
    <p>{t('survey.offer')}</p>
    <a class="btn btn-primary btn-block" href={href}>
      {t('survey.offerButton')}
    </a>
  </div>
);
