import type { Child } from 'hono/jsx';
import { LANGUAGES } from '../domain/language.js';
import { readsCustomerContact, type StaffRole } from '../domain/roles.js';
import type { Stage } from '../domain/stages.js';
import { assetUrl } from './assets.js';
import { relative, roleLabel, stageLabel } from './format.js';
import { language, t } from './i18n/index.js';
import type { LiveMark } from './live/topics.js';
import { type GatedScreen, mayOpen } from './screen-roles.js';
import type { Session } from './session.js';

export type Screen =
  | 'board'
  | 'calls'
  | 'workshop'
  | 'visits'
  | 'visit'
  | 'timeline'
  | 'customer'
  | 'complaints'
  | 'kpis'
  | 'staff'
  | 'calendar'
  | 'campaigns'
  | 'feedback';

// The label of each entry is the catalogue's `nav.<screen>`; who sees it is who may open it (web/screen-roles.ts).
const NAV: { screen: Screen & GatedScreen; href: string }[] = [
  { screen: 'board', href: '/app/board' },
  { screen: 'calls', href: '/app/calls' },
  { screen: 'workshop', href: '/app/workshop' },
  { screen: 'visits', href: '/app/visits' },
  { screen: 'complaints', href: '/app/complaints' },
  { screen: 'kpis', href: '/app/kpis' },
  { screen: 'staff', href: '/app/staff' },
  { screen: 'calendar', href: '/app/calendar' },
  { screen: 'campaigns', href: '/app/campaigns' },
  { screen: 'feedback', href: '/app/feedback' },
];

/** Where a role starts its day. */
export const homeOf = (role: StaffRole) => (['technician', 'qc', 'foreman'].includes(role) ? '/app/workshop' : '/app/board');

const Head = ({ title }: { title: string }) => (
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="color-scheme" content="light" />
    <title>{`${title} · ${t('nav.titleSuffix')}`}</title>
    <link rel="icon" type="image/svg+xml" href={assetUrl('favicon.svg')} />
    <link rel="stylesheet" href={assetUrl('app.css')} />
    <script src={assetUrl('money-rules.js')} defer />
    <script src={assetUrl('app.js')} defer />
  </head>
);

export const Page = ({
  title,
  session,
  screen,
  flash,
  live,
  children,
}: {
  title: string;
  session: Session;
  screen?: Screen;
  flash?: string;
  /** The page refreshes itself when what it shows changes (web/live/); every page gets the header's notices. */
  live?: LiveMark;
  children?: Child;
}) => (
  <html lang={language()}>
    <Head title={title} />
    <body data-live-events={liveEventsUrl(live)} data-draft-owner={session.staff.id}>
      <header class="topbar">
        <a class="brand" href={homeOf(session.staff.role)}>
          <span class="brand-mark">SL</span>
          <span class="brand-name">servicelane</span>
        </a>
        <nav class="mainnav" aria-label={t('nav.screens')}>
          {NAV.filter((n) => mayOpen(session.staff.role, n.screen)).map((n) => (
            <a href={n.href} class={n.screen === screen ? 'active' : ''} aria-current={n.screen === screen ? 'page' : undefined}>
              {t(`nav.${n.screen}`)}
            </a>
          ))}
        </nav>
        <form class="search" method="get" action="/app/visits">
          <input
            type="search"
            name="q"
            placeholder={t(readsCustomerContact(session.staff.role) ? 'nav.searchPlaceholder' : 'nav.searchPlaceholderWorkshop')}
            aria-label={t(readsCustomerContact(session.staff.role) ? 'nav.searchLabel' : 'nav.searchLabelWorkshop')}
            autocomplete="off"
          />
        </form>
        {mayOpen(session.staff.role, 'calls') ? (
          <a class="live-count" href="/app/calls" data-live-count hidden title={t('live.dueLabel')}>
            {t('live.dueLabel')}
          </a>
        ) : null}
        <div class="who">
          <span class="who-name">{session.staff.name}</span>
          <span class="who-role">{roleLabel(session.staff.role)}</span>
        </div>
        <LanguageSwitch />
        <form method="post" action="/app/logout" class="sign-out">
          <button type="submit" class="btn btn-small btn-dark">
            {t('nav.signOut')}
          </button>
        </form>
      </header>
      <LiveNotices />
      <template data-draft-restored>
        <div class="alert alert-ok" role="status" data-draft-notice>
          {t('form.draftRestored')}
        </div>
      </template>
      <main class="main" data-live-version={live?.version}>
        {flash ? (
          <div class="alert alert-ok" role="status">
            {flash}
          </div>
        ) : null}
        {children}
      </main>
    </body>
  </html>
);

/** The page's stream: what it shows, and since when its notices are news (web/live/stream.ts). */
const liveEventsUrl = (live: LiveMark | undefined) => {
  const q = new URLSearchParams({ since: String(Date.now()) });
  if (live) q.set('topic', live.topic);
  return `/app/live?${q}`;
};

/**
 * Notices arrive here (read out politely by screen readers), each with a dismiss button; the "page changed" line
 * replaces an in-place refresh while the person is filling in a form on the page.
 */
const LiveNotices = () => (
  <section class="live-notices" aria-label={t('live.notices')}>
    <div class="live-stale" data-live-stale hidden role="status">
      <span>{t('live.stale')}</span>{' '}
      <button type="button" class="btn btn-small" data-live-reload>
        {t('live.reload')}
      </button>
    </div>
    <ul data-live-notices aria-live="polite" />
    <template data-live-notice>
      <li class="live-notice">
        <a data-notice-text href="/app">
          {t('live.open')}
        </a>
        <button type="button" class="btn btn-small" data-dismiss aria-label={t('live.dismiss')}>
          ×
        </button>
      </li>
    </template>
  </section>
);

/** A page without the staff header: sign-in, the customer's approval page, errors for the customer. */
export const BarePage = ({
  title,
  children,
  bodyClass,
  languageSwitch,
}: {
  title: string;
  children?: Child;
  bodyClass?: string;
  /** Offer the language switch (sign-in): the customer's page speaks the language on their file instead. */
  languageSwitch?: boolean;
}) => (
  <html lang={language()}>
    <Head title={title} />
    <body class={bodyClass}>
      {languageSwitch ? (
        <div class="bare-language">
          <LanguageSwitch />
        </div>
      ) : null}
      {children}
    </body>
  </html>
);

/**
 * The language switch: a form, so it works without the script (which sends it on change). The choice goes back
 * to the page it was made on.
 */
const LanguageSwitch = () => (
  <form method="post" action="/app/language" class="language-switch" data-language-switch>
    <input type="hidden" name="next" value="" data-here />
    <label class="sr-only" for="language-choice">
      {t('language.choose')}
    </label>
    <select id="language-choice" name="language" data-autosubmit>
      {LANGUAGES.map((l) => (
        <option value={l} lang={l} selected={l === language()}>
          {t(`language.name.${l}`)}
        </option>
      ))}
    </select>
    <noscript>
      <button type="submit" class="btn btn-small">
        {t('language.save')}
      </button>
    </noscript>
  </form>
);

const STAGE_TONE: Record<Stage, string> = {
  booked: 'slate',
  reception: 'blue',
  diagnosis: 'blue',
  awaiting_approval: 'amber',
  awaiting_dispatch: 'amber',
  in_repair: 'indigo',
  quality_check: 'violet',
  ready_for_pickup: 'green',
  follow_up: 'teal',
  aftercare: 'teal',
  closed: 'grey',
  cancelled: 'grey',
  no_show: 'red',
};

export const Badge = ({ tone, children, title }: { tone: string; children?: Child; title?: string }) => (
  <span class={`badge badge-${tone}`} title={title}>
    {children}
  </span>
);

export const StageBadge = ({ stage }: { stage: string }) => (
  <Badge tone={STAGE_TONE[stage as Stage] ?? 'grey'}>{stageLabel(stage)}</Badge>
);

/** The promised time's state: late, at risk, or nothing to say. */
export const PromiseBadge = ({ atRisk, late, promisedAt }: { atRisk: boolean; late: boolean; promisedAt?: string | null }) =>
  late ? (
    <Badge tone="red" title={promisedAt ? t('badge.promised', { when: relative(promisedAt) }) : undefined}>
      {t('badge.late')}
    </Badge>
  ) : atRisk ? (
    <Badge tone="amber" title={promisedAt ? t('badge.promised', { when: relative(promisedAt) }) : undefined}>
      {t('badge.atRisk')}
    </Badge>
  ) : null;

export const Empty = ({ children }: { children?: Child }) => <p class="empty">{children}</p>;

export const Card = ({
  title,
  children,
  class: cls,
  actions,
  id,
}: {
  title?: Child;
  children?: Child;
  class?: string;
  actions?: Child;
  id?: string;
}) => (
  <section class={`card ${cls ?? ''}`} id={id}>
    {title ? (
      <header class="card-head">
        <h2>{title}</h2>
        {actions ? <div class="card-actions">{actions}</div> : null}
      </header>
    ) : null}
    <div class="card-body">{children}</div>
  </section>
);

/** Label/value pairs. */
export const Facts = ({ rows }: { rows: [string, Child][] }) => (
  <dl class="facts">
    {rows.map(([k, v]) => (
      <div>
        <dt>{k}</dt>
        <dd>{v ?? '—'}</dd>
      </div>
    ))}
  </dl>
);

/** The shop's name at the top of every customer page (approval, booking, prices, contact list). */
export const ShopHead = () => (
  <header class="approve-head">
    <span class="brand-mark">SL</span>
    <div>
      <strong>{t('approval.shop')}</strong>
      <div class="small muted">{t('approval.shopTagline')}</div>
    </div>
  </header>
);
