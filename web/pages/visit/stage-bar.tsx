// The strip of the loop's steps [S1] with the visit's current one marked.
import { LOOP_STAGES, type Stage } from '../../../domain/stages.js';
import { t } from '../../i18n/index.js';

/** The steps of the loop [S1], as the progress strip shows them (short labels: `visit.step.*`). */
const STEPS = LOOP_STAGES;

export const Progress = ({ stage }: { stage: Stage }) => {
  const at = stage === 'closed' ? STEPS.length : (STEPS as readonly Stage[]).indexOf(stage);
  return (
    <ol class="progress" aria-label={t('visit.whereIs')}>
      {STEPS.map((s, i) => (
        <li class={i < at ? 'done' : i === at ? 'current' : ''} aria-current={i === at ? 'step' : undefined} data-stage={s}>
          {t(`visit.step.${s}`)}
        </li>
      ))}
    </ol>
  );
};
