import type { ServicelaneClient } from './client.js';

// The demo shop's published prices [S3.2], worded in English and Chinese: the day's estimates are built from them
// (scripts/demo/day.ts) and /app/prices shows them. The packages carry the maintenance checklist quality control
// records [S1.7] (scripts/demo/qc-checklist.ts).

const LABOUR = [
  {
    code: 'SVC-ANNUAL',
    description: 'Annual inspection and oil change',
    translations: { 'zh-CN': '年度检查及更换机油' },
    flatRateHours: 1.5,
    hourlyRateCents: 9_500,
    skillLevel: 1,
  },
  {
    code: 'BRAKE-PADS-F',
    description: 'Replace front brake pads',
    translations: { 'zh-CN': '更换前刹车片' },
    flatRateHours: 1,
    hourlyRateCents: 9_500,
    skillLevel: 2,
  },
  {
    code: 'TIMING-BELT',
    description: 'Replace timing belt',
    translations: { 'zh-CN': '更换正时皮带' },
    flatRateHours: 3,
    hourlyRateCents: 11_000,
    skillLevel: 3,
  },
];

const PARTS = [
  {
    partNumber: 'OIL-5W30-5L',
    description: 'Engine oil 5W-30, 5 l',
    translations: { 'zh-CN': '机油 5W-30，5 升' },
    unitPriceCents: 4_900,
    stockOnHand: 40,
  },
  {
    partNumber: 'FILTER-OIL',
    description: 'Oil filter',
    translations: { 'zh-CN': '机油滤清器' },
    unitPriceCents: 1_500,
    stockOnHand: 60,
  },
  {
    partNumber: 'FILTER-CABIN',
    description: 'Cabin air filter',
    translations: { 'zh-CN': '空调滤清器' },
    unitPriceCents: 2_400,
    stockOnHand: 25,
  },
  {
    partNumber: 'BRAKE-PADS-FRONT',
    description: 'Front brake pads (set)',
    translations: { 'zh-CN': '前刹车片（套）' },
    unitPriceCents: 8_900,
    stockOnHand: 12,
  },
  {
    partNumber: 'WIPER-BLADE',
    description: 'Wiper blade',
    translations: { 'zh-CN': '雨刮片' },
    unitPriceCents: 1_800,
    stockOnHand: 30,
  },
];

const PACKAGES = [
  {
    code: 'SVC-12M',
    name: '12-month service',
    translations: { 'zh-CN': '12 个月保养' },
    items: [
      { kind: 'labour', code: 'SVC-ANNUAL' },
      { kind: 'part', partNumber: 'OIL-5W30-5L', quantity: 1 },
      { kind: 'part', partNumber: 'FILTER-OIL', quantity: 1 },
      { kind: 'part', partNumber: 'FILTER-CABIN', quantity: 1 },
    ],
    checklist: [
      { code: 'TYRES', description: 'Tyre pressures and tread checked', translations: { 'zh-CN': '已检查胎压和胎纹' } },
      { code: 'LIGHTS', description: 'All lights work', translations: { 'zh-CN': '所有灯光正常' } },
      { code: 'FLUIDS', description: 'Fluid levels topped up', translations: { 'zh-CN': '各类油液已补足' } },
      { code: 'RESET', description: 'Service indicator reset', translations: { 'zh-CN': '保养提示已复位' } },
    ],
  },
  {
    code: 'BRAKES-FRONT',
    name: 'Front brakes',
    translations: { 'zh-CN': '前刹车保养' },
    models: ['VW Golf', 'VW Passat'],
    items: [
      { kind: 'labour', code: 'BRAKE-PADS-F' },
      { kind: 'part', partNumber: 'BRAKE-PADS-FRONT', quantity: 1 },
    ],
    checklist: [{ code: 'BRAKE-TEST', description: 'Brakes tested on the road', translations: { 'zh-CN': '已路试制动' } }],
  },
];

/** The price list as the service manager enters it; what a rerun finds already there stays as it is. */
export async function seedCatalogue(api: ServicelaneClient) {
  const manager = api.as('manager');
  const known = {
    labour: new Set((await manager.get<{ code: string }[]>('/catalogue/labour-operations')).map((o) => o.code)),
    parts: new Set((await manager.get<{ partNumber: string }[]>('/catalogue/parts')).map((p) => p.partNumber)),
    packages: new Set((await manager.get<{ code: string }[]>('/catalogue/packages')).map((p) => p.code)),
  };
  for (const op of LABOUR) if (!known.labour.has(op.code)) await manager.post('/catalogue/labour-operations', op);
  for (const part of PARTS) if (!known.parts.has(part.partNumber)) await manager.post('/catalogue/parts', part);
  for (const pkg of PACKAGES) if (!known.packages.has(pkg.code)) await manager.post('/catalogue/packages', pkg);
}
