import { StaffRole } from '../../domain/roles.js';
import { Field, Select } from '../fields.js';
import { roleLabel } from '../format.js';
import { type FailedForm, FormError, FormView } from '../forms.js';
import { t } from '../i18n/index.js';
import { BarePage } from '../layout.js';

/** Who a development shop has on staff: one click signs in as them. */
export const DEV_STAFF: { id: string; name: string; role: StaffRole }[] = [
  { id: 'adv-lena', name: 'Lena Vogt', role: 'advisor' },
  { id: 'tech-omar', name: 'Omar Haddad', role: 'technician' },
  { id: 'qc-kim', name: 'Kim Berger', role: 'qc' },
  { id: 'fm-jo', name: 'Jo Krause', role: 'foreman' },
  { id: 'mgr-max', name: 'Max Adler', role: 'manager' },
  { id: 'adm-ida', name: 'Ida Brandt', role: 'admin' },
];

export const LoginPage = ({
  devTokens,
  next,
  failed,
  notice,
}: {
  devTokens: boolean;
  next: string;
  failed?: FailedForm;
  notice?: string;
}) => {
  const dev = new FormView('dev', failed);
  const token = new FormView('token', failed);
  return (
    <BarePage title={t('login.title')} bodyClass="login-body" languageSwitch>
      <main class="login">
        <div class="login-brand">
          <span class="brand-mark">SL</span>
          <div>
            <h1>servicelane</h1>
            <p class="muted">{t('login.tagline')}</p>
          </div>
        </div>
        {notice ? (
          <div class="alert alert-warn" role="status">
            {notice}
          </div>
        ) : null}
        {devTokens ? (
          <section class="card">
            <header class="card-head">
              <h2>{t('login.devTitle')}</h2>
            </header>
            <div class="card-body">
              <p class="small muted">{t('login.devHint')}</p>
              <div class="staff-grid">
                {DEV_STAFF.map((s) => (
                  <form method="post" action="/app/login">
                    <input type="hidden" name="mode" value="dev" />
                    <input type="hidden" name="next" value={next} />
                    <input type="hidden" name="tz" value="" data-tz />
                    <input type="hidden" name="staffId" value={s.id} />
                    <input type="hidden" name="name" value={s.name} />
                    <input type="hidden" name="role" value={s.role} />
                    <button type="submit" class="staff-pick" data-staff={s.id}>
                      <strong>{s.name}</strong>
                      <span>{roleLabel(s.role)}</span>
                    </button>
                  </form>
                ))}
              </div>
              <details class="sub" open={dev.isFailed}>
                <summary>{t('login.someoneElse')}</summary>
                <form method="post" action="/app/login" novalidate>
                  <FormError form={dev} />
                  <input type="hidden" name="mode" value="dev" />
                  <input type="hidden" name="next" value={next} />
                  <input type="hidden" name="tz" value="" data-tz />
                  <div class="row3">
                    <Field form={dev} name="staffId" label={t('login.staffId')} />
                    <Field form={dev} name="name" label={t('login.name')} />
                    <Select
                      form={dev}
                      name="role"
                      label={t('login.role')}
                      options={StaffRole.options.map((r): [string, string] => [r, roleLabel(r)])}
                    />
                  </div>
                  <button type="submit" class="btn btn-primary">
                    {t('login.submit')}
                  </button>
                </form>
              </details>
            </div>
          </section>
        ) : null}
        <section class="card">
          <header class="card-head">
            <h2>{t(devTokens ? 'login.orToken' : 'login.withToken')}</h2>
          </header>
          <div class="card-body">
            <form method="post" action="/app/login" novalidate>
              <FormError form={token} />
              <input type="hidden" name="mode" value="token" />
              <input type="hidden" name="next" value={next} />
              <input type="hidden" name="tz" value="" data-tz />
              <Field form={token} name="token" label={t('login.token')} type="password" autocomplete="off" />
              <button type="submit" class="btn btn-primary">
                {t('login.submit')}
              </button>
            </form>
          </div>
        </section>
      </main>
    </BarePage>
  );
};
