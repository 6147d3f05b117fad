import type { core, ZodSafeParseResult, ZodType, z } from 'zod';

// The rules that keep out what the records cannot store (control characters, lone surrogates, amounts and
// dates beyond what the columns and the code handle) arrived after visits had started. A workflow replays its
// history through the same schemas, and a payload its history already holds was accepted by the rules of its
// day: refusing it on replay would change what the visit did and break it. So these checks refuse new input
// only, and a workflow parses what its history holds with `parseRecorded`.

let parsingRecorded = false;

/** Options for a check that refuses new input but never what a workflow's history already holds. */
export const NEW_INPUT_ONLY = {
  when: (payload: core.ParsePayload) => !parsingRecorded && payload.issues.every((issue) => issue.continue === true),
};

/** Parses a payload from a workflow's history: as it was accepted, without the rules added since. */
export function parseRecorded<T extends ZodType>(schema: T, value: unknown): ZodSafeParseResult<z.output<T>> {
  parsingRecorded = true;
  try {
    return schema.safeParse(value);
  } finally {
    parsingRecorded = false;
  }
}

/** As `parseRecorded`, throwing what `parse` throws. */
export function readRecorded<T extends ZodType>(schema: T, value: unknown): z.output<T> {
  const parsed = parseRecorded(schema, value);
  if (!parsed.success) throw parsed.error;
  return parsed.data;
}
