import { impossiblePhone, type ShopCountry } from '../domain/phone.js';
import { AppError } from './errors.js';

/**
 * Refuses a number that cannot be one in its country (the one it is written with, else the shop's), naming the
 * field: the schema only checks its shape, because the shop's country is a setting the schema does not know.
 */
export function refuseImpossiblePhone(field: string, phone: string, country: ShopCountry | undefined): void {
  const problem = impossiblePhone(phone, country);
  if (problem)
    throw new AppError('invalid_request', `Invalid body: ${field}: ${problem}`, { fields: [{ field, message: problem }] });
}
