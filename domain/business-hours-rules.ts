// Plain data for the workflows (a complaint's default clocks run in these hours); the schema is business-hours.ts.

/** A shop's hours when nobody set them: [S3.4] open 365 days, 08:00–18:00, in UTC. */
export const DEFAULT_BUSINESS_HOURS = {
  timeZone: 'UTC',
  /** ISO weekdays: 1 = Monday … 7 = Sunday. */
  days: [1, 2, 3, 4, 5, 6, 7],
  opensAt: '08:00',
  closesAt: '18:00',
};
