import { PhoneOnAnotherFile } from '../db/customer-phone.js';
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

/** A number another customer's file already has, refused with 409 naming the field (the writer's own check). */
export async function refusingTakenPhone<T>(field: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof PhoneOnAnotherFile)) throw err;
    throw new AppError('conflict', `${field}: ${err.message}`, {
      fields: [{ field, message: err.message }],
      otherCustomerId: err.other.id,
    });
  }
}
