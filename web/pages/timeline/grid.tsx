// The blueprint drawn as a grid: stages, the three lanes with their two lines, the timers and the time axis.
import { Lane } from '../../../domain/visit-state.js';
import { dateTime, duration, stageLabel, when } from '../../format.js';
import { t } from '../../i18n/index.js';
import { Card } from '../../layout.js';
import type { Blueprint } from './blueprint.js';
import { readable } from './entries.js';

/** The lanes top to bottom, in the domain's order; their titles are in the catalogue (`timeline.lane`). */
const LANES = Lane.options;

/** The blueprint on one horizontally scrolling grid, with its legend. */
export const BlueprintCard = ({ bp, tz }: { bp: Blueprint; tz: string }) => {
  const n = bp.columns.length;
  // Grid rows: 1 stages, 2 customer, 3 line of interaction, 4 front stage, 5 line of visibility, 6 back stage, 7.. timers, last axis.
  const timerRow = (track: number) => 7 + track;
  const axisRow = 7 + Math.max(1, bp.tracks);
  const colOf = (i: number) => i + 2;
  const template = bp.columns.map((c) => (c.kind === 'wait' ? '56px' : 'minmax(128px, 1fr)')).join(' ');
  return (
    <Card class="blueprint-card">
      <div class="legend small">
        <span class="lg lg-customer">{t('timeline.legend.customer')}</span>
        <span class="lg lg-action">{t('timeline.legend.action')}</span>
        <span class="lg lg-system">{t('timeline.legend.process')}</span>
        <span class="lg lg-wait">{t('timeline.legend.wait')}</span>
        <span class="lg lg-timer">{t('timeline.legend.timer')}</span>
        <span class="muted">{t('timeline.legend.scroll')}</span>
      </div>
      {/* Wider than the screen: a keyboard reaches and scrolls it too. */}
      <section class="blueprint-scroll" tabindex={0} aria-label={t('timeline.scrollArea')}>
        <div class="blueprint" style={`grid-template-columns: 118px ${template}`}>
          <div class="bp-lane-label bp-stage-label" style="grid-row:1;grid-column:1">
            {t('timeline.stage')}
          </div>
          {bp.stages.map((s) => (
            <div
              class={`bp-stage bp-stage-${s.stage}`}
              style={`grid-row:1;grid-column:${colOf(s.from)} / ${colOf(Math.max(s.to, s.from + 1))}`}
            >
              {stageLabel(s.stage)}
            </div>
          ))}
          {LANES.map((lane, i) => (
            <div class={`bp-lane-label lane-${lane}`} style={`grid-row:${2 + i * 2};grid-column:1`}>
              <strong>{t(`timeline.lane.${lane}.title`)}</strong>
              <span>{t(`timeline.lane.${lane}.hint`)}</span>
            </div>
          ))}
          <div class="bp-line" style={`grid-row:3;grid-column:1 / ${n + 2}`}>
            <span>{t('timeline.lineOfInteraction')}</span>
          </div>
          <div class="bp-line" style={`grid-row:5;grid-column:1 / ${n + 2}`}>
            <span>{t('timeline.lineOfVisibility')}</span>
          </div>
          <div class="bp-lane-label lane-timers" style={`grid-row:7 / ${axisRow};grid-column:1`}>
            <strong>{t('timeline.timersLane')}</strong>
            <span>{t('timeline.durableWaits')}</span>
          </div>
          {bp.columns.map((col, ci) =>
            col.kind === 'wait' ? (
              <div
                class="bp-wait"
                style={`grid-row:2 / ${axisRow};grid-column:${colOf(ci)}`}
                title={t('timeline.nothingFor', { d: duration((col.until ?? col.at) - col.at) })}
              >
                <span>{duration((col.until ?? col.at) - col.at)}</span>
              </div>
            ) : (
              LANES.map((lane, li) =>
                col.cells[lane].length ? (
                  <div class={`bp-cell lane-${lane}`} style={`grid-row:${2 + li * 2};grid-column:${colOf(ci)}`}>
                    {col.cells[lane].map((item) => (
                      <div
                        class={`bp-item tone-${item.tone}`}
                        title={`${[item.title, item.detail].filter(Boolean).join(' · ')} · ${dateTime(item.entry.at, tz)}`}
                        data-kind={item.entry.kind}
                      >
                        <strong>{item.title}</strong>
                        {item.detail ? <span>{item.detail}</span> : null}
                      </div>
                    ))}
                  </div>
                ) : null,
              )
            ),
          )}
          {bp.timers.map((bar) => {
            const label = {
              d: duration(bar.durationMs),
              label: readable(bar.label, tz),
              state: t(`timeline.timerState.${bar.state}`),
              when: dateTime(bar.firesAt, tz),
            };
            return (
              <div
                class={`bp-timer timer-${bar.state}`}
                style={`grid-row:${timerRow(bar.track)};grid-column:${colOf(bar.from)} / ${colOf(Math.max(bar.to, bar.from) + (bar.state === 'pending' ? 0 : 1))}`}
                title={t(bar.firesAt ? 'timeline.timerFires' : 'timeline.timer', label)}
              >
                <span>{t(bar.state === 'pending' && bar.firesAt ? 'timeline.timerFires' : 'timeline.timer', label)}</span>
              </div>
            );
          })}
          {bp.columns.map((col, ci) => {
            if (col.kind !== 'moment') return null;
            const prev = bp.columns.slice(0, ci).findLast((c) => c.kind === 'moment');
            return (
              <div class="bp-axis" style={`grid-row:${axisRow};grid-column:${colOf(ci)}`}>
                {/* A moment on another day than the one before it names its day: a visit that ran past midnight read
                    "23:50", then "00:10 +20 min", as if the second moment came first. */}
                <strong>{when(new Date(col.at).toISOString(), tz, prev?.at ?? col.at)}</strong>
                {prev && col.at - prev.at >= 1000 ? <span> +{duration(col.at - prev.at)}</span> : null}
              </div>
            );
          })}
        </div>
      </section>
    </Card>
  );
};
