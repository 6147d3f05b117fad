// Plain constants the workflows share with the rest (time.ts re-exports them beside its schemas).
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;
