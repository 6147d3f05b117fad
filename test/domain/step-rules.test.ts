import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ACTION_NAMES, ACTION_RULES, payloadRefusal } from '../../domain/action-rules.js';
import { ACTIONS } from '../../domain/actions.js';
import { COMPLAINT_ACTION_RULES } from '../../domain/complaint-rules.js';
import { COMPLAINT_ACTIONS } from '../../domain/complaints.js';
import { RESCUE_ACTIONS } from '../../domain/rescue.js';
import { RESCUE_ACTION_RULES } from '../../domain/rescue-rules.js';

/** The fields a payload schema cannot do without: every option of a union needs them, none may be left undefined. */
function requiredFields(schema: z.ZodType): string[] {
  if (schema instanceof z.ZodDiscriminatedUnion) {
    const [first, ...rest] = schema.options.map((option) => requiredFields(option as z.ZodType));
    return (first ?? []).filter((field) => rest.every((fields) => fields.includes(field)));
  }
  if (!(schema instanceof z.ZodObject)) throw new Error('a payload schema is an object or a union of objects');
  return Object.entries(schema.shape as Record<string, z.ZodType>)
    .filter(([, field]) => !field.safeParse(undefined).success)
    .map(([name]) => name);
}

// The workflows check a payload's required fields in plain code (their sandbox holds no schema library): the lists
// must be what the API's schemas require, or a payload sent past the API could fail a workflow for want of a field.
describe('the plain step rules agree with the payload schemas', () => {
  const steps = [
    ...ACTION_NAMES.map((name) => [`visit ${name}`, ACTION_RULES[name].required, ACTIONS[name].payload] as const),
    ...Object.entries(COMPLAINT_ACTIONS).map(
      ([name, step]) =>
        [
          `complaint ${name}`,
          COMPLAINT_ACTION_RULES[name as keyof typeof COMPLAINT_ACTION_RULES].required,
          step.payload,
        ] as const,
    ),
    ...Object.entries(RESCUE_ACTIONS).map(
      ([name, step]) =>
        [`rescue ${name}`, RESCUE_ACTION_RULES[name as keyof typeof RESCUE_ACTION_RULES].required, step.payload] as const,
    ),
  ];
  it.each(steps)('%s requires what its schema requires', (_, required, schema) => {
    expect([...required].sort()).toEqual(requiredFields(schema).sort());
  });

  it('refuses a payload that is not an object or lacks a required field, naming the field', () => {
    const rule = ACTION_RULES.revise_promise;
    expect(payloadRefusal(rule, [])).toBe('payload: expected an object');
    expect(payloadRefusal(rule, null)).toBe('payload: expected an object');
    expect(payloadRefusal(rule, { promisedAt: '2030-01-01T10:00:00Z', reason: 'parts late' })).toBe('payload.consent: required');
    expect(
      payloadRefusal(rule, { promisedAt: '2030-01-01T10:00:00Z', reason: 'parts late', consent: { method: 'phone' } }),
    ).toBeUndefined();
  });
});
