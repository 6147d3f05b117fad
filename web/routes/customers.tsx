import { Hono } from 'hono';
import type { ApiEnv } from '../../api/deps.js';
import { type ApiApp, must, staffDirectory } from '../api-client.js';
import { compact, type FailedForm, failedForm, readForm } from '../forms.js';
import { customerChangeOf, vehicleChangeOf } from '../pages/customer/edit.js';
import { CustomerPage } from '../pages/customer/page.js';
import { type C, flashOf, param, type Staff, screenHtml, staffOnly } from './screen.js';

// The customer file: contact data and vehicles, edited in place.

export function customersScreen(api: ApiApp) {
  const web = new Hono<ApiEnv>();
  const staff = staffOnly(api, 'customers');

  async function customerPage(c: C, s: Staff, customerId: string, failed?: FailedForm) {
    const [file, directory] = await Promise.all([
      s.api.get('/customers/:id', { param: { id: customerId }, query: { limit: 50 } }),
      staffDirectory(s.api),
    ]);
    return screenHtml(
      c,
      <CustomerPage
        session={s.session}
        shopTz={c.var.settings.shopTimeZone}
        file={must(file)}
        directory={directory}
        failed={failed}
        flash={flashOf(c)}
      />,
      failed,
    );
  }

  web.get(
    '/customers/:id',
    staff((c, s) => customerPage(c, s, param(c, 'id'))),
  );

  web.post(
    '/customers/:id',
    staff(async (c, s) => {
      const id = param(c, 'id');
      const v = await readForm(c);
      const result = await s.api.patch('/customers/:id', compact(customerChangeOf(v)), { param: { id } });
      if (result.ok) return c.redirect(`/app/customers/${id}?done=file_saved#changes`, 303);
      return customerPage(c, s, id, failedForm('customer-edit', v, result));
    }),
  );

  web.post(
    '/customers/:id/vehicles/:vin',
    staff(async (c, s) => {
      const id = param(c, 'id');
      const vin = param(c, 'vin');
      const v = await readForm(c);
      const result = await s.api.patch('/vehicles/:vin', vehicleChangeOf(v), { param: { vin } });
      if (result.ok) return c.redirect(`/app/customers/${id}?done=file_saved#changes`, 303);
      return customerPage(c, s, id, failedForm(`vehicle-${vin}`, v, result));
    }),
  );

  return web;
}
