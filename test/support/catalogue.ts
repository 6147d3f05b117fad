// Catalogue entries the catalogue tests enter through the API (test/api/catalogue.test.ts, test/web/prices.test.ts).

export const OIL_CHANGE = {
  code: 'OIL-CHANGE',
  description: 'Oil change',
  translations: { 'zh-CN': '更换机油' },
  flatRateHours: 1.5,
  hourlyRateCents: 9_000,
  skillLevel: 1,
};

export const OIL_FILTER = {
  partNumber: 'FILTER-OIL',
  description: 'Oil filter',
  translations: { 'zh-CN': '机油滤清器' },
  unitPriceCents: 1_250,
};
