import type { PlaceReasonParts, ProposalReasonParts } from '../domain/dispatch.js';
import { count, hours } from './format.js';
import { t } from './i18n/index.js';

// The workshop plan's reasons (domain/dispatch.ts) in the page's language: the plan carries them as data, the
// catalogues word them, numbers and hours by the page's locale, names as given. The API's English `reason`
// fields are worded from the same parts (test/domain/dispatch.test.ts holds the English wording to them).

/** Why a job sits where it does in the queue or on a technician's timeline. */
export function placeWords(p: PlaceReasonParts): string {
  const ahead =
    p.ahead === 0
      ? t('placeReason.first')
      : t(p.ahead === 1 ? 'placeReason.behindOne' : 'placeReason.behindMany', { n: count(p.ahead) });
  return t('placeReason.job', {
    priority: t(`placeReason.priority.${p.priority}`),
    promised: t(p.promised ? 'placeReason.promised' : 'placeReason.notPromised'),
    why: t(`placeReason.kind.${p.kind}`, { ahead, skill: count(p.requiredSkill) }),
  });
}

/** Why the plan proposes its technician: their skill, the hours queued before the job, how many qualify. */
export function proposalWords(p: ProposalReasonParts): string {
  const who = t('proposalReason.who', {
    name: p.technicianName,
    skill: count(p.skillLevel),
    required: count(p.requiredSkill),
    hours: hours(p.queuedHours),
  });
  const of = p.qualified > 1 ? t('proposalReason.ofMany', { n: count(p.qualified) }) : '';
  return t(`proposalReason.kind.${p.kind}`, { who, of });
}
