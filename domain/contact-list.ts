import { text } from './text.js';
import { Phone } from './visit.js';
import { z } from './zod.js';

// The nationwide contact list's schemas at the edge [S3.5] (its rules are contact-list-rules.ts): what the service
// manager sends and what the list answers.

/** More service points than any dealer group runs; bounds the list a public page reads in one answer. */
export const MOST_SERVICE_POINTS = 1_000;

const fields = {
  name: text(200).openapi({ description: 'The service point as customers know it: "Servicelane Wuhan East"' }),
  region: text(100).openapi({ description: 'Province or state, as written there: "Hubei", "湖北省"' }),
  city: text(100).openapi({ description: 'City: "Wuhan", "武汉"' }),
  address: text(300).openapi({ description: 'Street address, one line' }),
  phone: Phone.openapi({
    description: 'The number to call; a national form is read in the shop’s country (SHOP_COUNTRY)',
  }),
  open24h: z.boolean().openapi({ description: 'The number answers around the clock' }),
  rescue: z.boolean().openapi({ description: 'The point sends roadside rescue' }),
};

export const NewServicePoint = z
  .object({ ...fields, open24h: fields.open24h.default(false), rescue: fields.rescue.default(false) })
  .strict()
  .openapi('NewServicePoint');
export type NewServicePoint = z.infer<typeof NewServicePoint>;

export const ServicePointChange = z
  .object({
    name: fields.name.optional(),
    region: fields.region.optional(),
    city: fields.city.optional(),
    address: fields.address.optional(),
    phone: fields.phone.optional(),
    open24h: fields.open24h.optional(),
    rescue: fields.rescue.optional(),
    active: z.boolean().optional().openapi({ description: 'false: taken off the list (kept on file); true: back on it' }),
  })
  .strict()
  .refine((change) => Object.values(change).some((v) => v !== undefined), 'name at least one field to change')
  .openapi('ServicePointChange');
export type ServicePointChange = z.infer<typeof ServicePointChange>;

export const ServicePointId = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' }, description: 'The service point' }),
});

export const ServicePoint = z
  .object({
    id: z.string(),
    name: z.string(),
    region: z.string(),
    city: z.string(),
    address: z.string(),
    phone: z.string(),
    open24h: z.boolean(),
    rescue: z.boolean(),
    active: z.boolean(),
  })
  .openapi('ServicePoint');
export type ServicePoint = z.infer<typeof ServicePoint>;

const PublicPoint = ServicePoint.omit({ active: true }).openapi('ContactPoint');

export const ContactListQuery = z.object({
  near: text(200)
    .optional()
    .openapi({ description: 'Where the caller is, in words ("G4 near Wuhan, Hubei"): the nearest points by city and region' }),
});

export const ContactList = z
  .object({
    points: z.array(PublicPoint).openapi({ description: 'Every point on the list, by region, city and name' }),
    nearest: z.array(PublicPoint).openapi({
      description:
        'With `near`: the points in the city named, then in its region; around-the-clock and rescue first; at most 5. Else empty',
    }),
  })
  .openapi('ContactList');
export type ContactList = z.infer<typeof ContactList>;
