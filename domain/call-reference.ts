// Plain code: the complaint and rescue workflows name themselves with it (hotline.ts re-exports it for the API).

/** Short references people can say on the phone: the first eight characters of the id, upper case. */
export const callReference = (prefix: 'H' | 'R' | 'C', id: string) =>
  `${prefix}-${id.replace(/-/g, '').slice(0, 8).toUpperCase()}`;
