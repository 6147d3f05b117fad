import { describe, expect, it } from 'vitest';
import type { CustomerFile } from '../../api/queries/customer-file.js';
import type { VisitState } from '../../domain/visit-state.js';
import { inLanguage } from '../../web/i18n/index.js';
import { VehicleCard } from '../../web/pages/customer/vehicle.js';
import { NextSteps } from '../../web/pages/visit/next-steps.js';
import type { VisitPageProps } from '../../web/pages/visit/page.js';
import { CustomerFileCard } from '../../web/pages/visit/records.js';
import type { Session } from '../../web/session.js';

// The next service is a day on the shop's calendar (SHOP_TIME_ZONE), the one the pickup form, the visit's delivery
// card and the invoice tell the customer. The customer file's card, the visit page's file card and its "next service
// due" line after pickup dated it in the reader's own zone: for a staff member whose browser says UTC, a Shanghai
// shop's service at 06:00 on 15 March was due on the 14th. Drawn on the server at explicit instants.

const cases = [
  // 15 March 2028, 06:00 in Shanghai (UTC+8).
  { shop: 'Asia/Shanghai', dueAt: '2028-03-14T22:00:00.000Z' },
  // 15 March 2028, 00:30 in Munich (UTC+1).
  { shop: 'Europe/Berlin', dueAt: '2028-03-14T23:30:00.000Z' },
] as const;
const READER = 'UTC';
const shown = { en: '15 Mar 2028', 'zh-CN': '2028年3月15日' } as const;

const vehicleFile = (dueAt: string): CustomerFile['vehicles'][number] => ({
  vehicle: {
    vin: 'LSVAA4182E0000401',
    customerId: 'c-1',
    plate: '沪A·88888',
    model: 'VW Lavida',
    year: 2024,
    engineNo: null,
    colour: null,
    transmission: null,
    purchaseDate: null,
    warrantyMonths: null,
    salesperson: null,
    keyCode: null,
    options: null,
    mileage: 52_000,
    createdAt: '2027-03-01T02:00:00.000Z',
    updatedAt: '2027-03-01T02:00:00.000Z',
  },
  openVisits: [],
  serviceHistory: [],
  declinedRecommendations: [],
  nextMaintenance: { dueAt, dueMileage: 67_000, basis: 'time', source: 'workflow', visitId: 'v-1' },
});

const session: Session = {
  token: 't',
  staff: { id: 'adv-lena', role: 'advisor', name: 'Lena' },
  expiresAt: Date.parse('2030-01-01T00:00:00Z'),
  tz: READER,
};

/** The visit page's props as far as the two cards read them: a picked-up visit of the vehicle above. */
const visitPage = (shopTz: string, dueAt: string) => {
  const file = vehicleFile(dueAt);
  const state = {
    stage: 'aftercare',
    customer: { id: 'c-1', name: '王芳' },
    vehicle: { vin: file.vehicle.vin, plate: file.vehicle.plate, model: file.vehicle.model },
    declinedBefore: [],
    nextMaintenance: { dueAt, dueMileage: 67_000, basis: 'time' },
  } as unknown as VisitState;
  return {
    session,
    shopTz,
    state,
    file: { customer: { id: 'c-1' }, vehicles: [file], changes: [] } as unknown as CustomerFile,
    directory: new Map(),
  } as unknown as VisitPageProps;
};

describe("the next service's day on the staff screens", () => {
  for (const { shop, dueAt } of cases)
    for (const language of ['en', 'zh-CN'] as const) {
      const draw = (node: () => unknown) => inLanguage(language, () => String(node()));

      it(`is the ${shop} shop's day on the customer file's card, read in ${READER} (${language})`, () => {
        const file = vehicleFile(dueAt);
        const customerFile = { customer: { id: 'c-1' }, vehicles: [file], changes: [] } as unknown as CustomerFile;
        const html = draw(() =>
          VehicleCard({ file: customerFile, v: file, directory: new Map(), tz: READER, shopTz: shop, editable: false }),
        );
        expect(html).toContain(`<strong>${shown[language]}</strong>`);
      });

      it(`is the ${shop} shop's day on the visit page's file card (${language})`, () => {
        expect(draw(() => CustomerFileCard({ p: visitPage(shop, dueAt) }))).toContain(shown[language]);
      });

      it(`is the ${shop} shop's day in the visit page's "next service due" line after pickup (${language})`, () => {
        expect(draw(() => NextSteps({ p: visitPage(shop, dueAt), actions: [] }))).toContain(shown[language]);
      });
    }
});
