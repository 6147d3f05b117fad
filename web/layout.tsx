import type { Child } from 'hono/jsx';
import { COMPLAINT_ROLES, FRONT_DESK_ROLES, holdsRole, type StaffRole } from '../domain/roles.js';
import type { Stage } from '../domain/stages.js';
import { assetUrl } from './assets.js';
import { roleLabel, relative, stageLabel } from './format.js';
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
  | 'staff';

const NAV: { screen: Screen; href: string; label: string; roles: readonly StaffRole[] }[] = [
  { screen: 'board', href: '/app/board', label: 'Appointments', roles: ['advisor', 'manager', 'foreman', 'admin'] },
  { screen: 'calls', href: '/app/calls', label: 'Call list', roles: FRONT_DESK_ROLES },
  {
    screen: 'workshop',
    href: '/app/workshop',
    label: 'Workshop',
    roles: ['advisor', 'technician', 'qc', 'foreman', 'manager', 'admin'],
  },
  {
    screen: 'visits',
    href: '/app/visits',
    label: 'Visits',
    roles: ['advisor', 'technician', 'qc', 'foreman', 'manager', 'admin'],
  },
  { screen: 'complaints', href: '/app/complaints', label: 'Complaints', roles: COMPLAINT_ROLES },
  { screen: 'kpis', href: '/app/kpis', label: 'KPIs', roles: ['manager', 'admin'] },
  { screen: 'staff', href: '/app/staff', label: 'Staff', roles: ['admin'] },
];

/** Where a role starts its day. */
export const homeOf = (role: StaffRole) => (['technician', 'qc', 'foreman'].includes(role) ? '/app/workshop' : '/app/board');

const Head = ({ title }: { title: string }) => (
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="color-scheme" content="light" />
    <title>{`${title} · servicelane`}</title>
    <link rel="stylesheet" href={assetUrl('app.css')} />
    <script src={assetUrl('app.js')} defer />
  </head>
);

export const Page = ({
  title,
  session,
  screen,
  flash,
  children,
}: {
  title: string;
  session: Session;
  screen?: Screen;
  flash?: string;
  children?: Child;
}) => (
  <html lang="en">
    <Head title={title} />
    <body>
      <header class="topbar">
        <a class="brand" href={homeOf(session.staff.role)}>
          <span class="brand-mark">SL</span>
          <span class="brand-name">servicelane</span>
        </a>
        <nav class="mainnav" aria-label="Screens">
          {NAV.filter((n) => holdsRole(session.staff.role, n.roles)).map((n) => (
            <a href={n.href} class={n.screen === screen ? 'active' : ''} aria-current={n.screen === screen ? 'page' : undefined}>
              {n.label}
            </a>
          ))}
        </nav>
        <form class="search" method="get" action="/app/visits">
          <input
            type="search"
            name="q"
            placeholder="Plate, phone, name, RO…"
            aria-label="Find a visit by plate, phone, name, VIN or RO number"
            autocomplete="off"
          />
        </form>
        <div class="who">
          <span class="who-name">{session.staff.name}</span>
          <span class="who-role">{roleLabel(session.staff.role)}</span>
        </div>
        <form method="post" action="/app/logout">
          <button type="submit" class="btn btn-small btn-dark">
            Sign out
          </button>
        </form>
      </header>
      <main class="main">
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

/** A page without the staff header: sign-in, the customer's approval page, errors for the customer. */
export const BarePage = ({ title, children, bodyClass }: { title: string; children?: Child; bodyClass?: string }) => (
  <html lang="en">
    <Head title={title} />
    <body class={bodyClass}>{children}</body>
  </html>
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
    <Badge tone="red" title={promisedAt ? `Promised ${relative(promisedAt)}` : undefined}>
      Late
    </Badge>
  ) : atRisk ? (
    <Badge tone="amber" title={promisedAt ? `Promised ${relative(promisedAt)}` : undefined}>
      At risk
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
