import { expect, it } from 'vitest';
import type { SurveySummary } from '../../domain/survey.js';
import { SURVEY_QUESTIONS } from '../../domain/survey-rules.js';
import { inLanguage } from '../../web/i18n/index.js';
import { SurveyCard } from '../../web/pages/surveys.js';

// The survey card on the manager's dashboard counts its answers in proper plurals: "1 answer", not "1 answers".

const summary = (answered: number, lowOverall: number): SurveySummary => ({
  from: '2026-11-01',
  to: '2026-11-30',
  answered,
  averages: Object.fromEntries(SURVEY_QUESTIONS.map((q) => [q, 4])) as SurveySummary['averages'],
  lowOverall,
  low: [],
});
const card = (lang: 'en' | 'zh-CN', s: SurveySummary) =>
  inLanguage(lang, async () => String(await SurveyCard({ summary: s, tz: 'UTC' })?.toString()));

it('counts one answer and one unhappy customer in the singular, more in the plural, in both languages', async () => {
  const one = await card('en', summary(1, 1));
  expect(one).toContain('1 answer in this range.');
  expect(one).toContain('1 customer rated the visit overall 2 stars or fewer.');
  const many = await card('en', summary(3, 2));
  expect(many).toContain('3 answers in this range.');
  expect(many).toContain('2 customers rated the visit overall 2 stars or fewer.');
  const zh = await card('zh-CN', summary(1, 1));
  expect(zh).toContain('此期间共 1 份评价。');
  expect(zh).not.toMatch(/answer|surveys\./);
});
