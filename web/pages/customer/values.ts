// How the customer file's fields are named and their recorded values read.
import type { CustomerField, VehicleField } from '../../../domain/customer-file.js';
import { date, km, languageName } from '../../format.js';
import { type Key, t } from '../../i18n/index.js';

// Built per render: the labels are in the page's language.
export const channels = (): [string, string][] => [
  ['sms', t('customerPage.sms')],
  ['phone', t('customerPage.phone')],
  ['email', t('customerPage.email')],
];
export const channelLabel = (channel: string) => Object.fromEntries(channels())[channel] ?? channel;

/** The words for every field of the files, keyed by the change schemas' fields so none is forgotten. */
export const FIELD_LABEL: Record<CustomerField | VehicleField | 'customerId', Key> = {
  name: 'customerPage.name',
  phone: 'customerPage.phone',
  email: 'customerPage.email',
  address: 'customerPage.address',
  birthday: 'customerPage.birthday',
  household: 'customerPage.household',
  preferredChannel: 'customerPage.reachBy',
  language: 'customerPage.language',
  optedOut: 'customerPage.optedOut',
  plate: 'customerPage.plate',
  model: 'customerPage.model',
  year: 'customerPage.year',
  engineNo: 'customerPage.engineNo',
  keyCode: 'customerPage.keyCode',
  colour: 'customerPage.colour',
  transmission: 'customerPage.transmission',
  options: 'customerPage.options',
  purchaseDate: 'customerPage.purchaseDate',
  salesperson: 'customerPage.salesperson',
  warrantyMonths: 'customerPage.warrantyMonths',
  mileage: 'customerPage.mileage',
  customerId: 'customerPage.owner',
};

/** A recorded value as people read it. */
export function shown(field: string, value: string | null): string {
  if (value === null) return '—';
  if (field === 'birthday' || field === 'purchaseDate') return date(`${value}T12:00:00Z`, 'UTC');
  if (field === 'optedOut') return t(value === 'true' ? 'customerPage.yes' : 'customerPage.no');
  if (field === 'preferredChannel') return channelLabel(value);
  if (field === 'language') return languageName(value);
  if (field === 'mileage') return km(Number(value));
  if (field === 'warrantyMonths') return t('customerPage.warrantyTerm', { n: value });
  if (field === 'customerId') return t('customerPage.anotherCustomer');
  return value;
}
