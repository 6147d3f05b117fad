import type { core } from 'zod';

// The rules that keep out what the records cannot store (control characters, lone surrogates, amounts and
// dates beyond what the columns and the code handle) arrived after visits had started. A payload a workflow's
// history holds was accepted by the rules of its day, and refusing it on replay would change what the visit did.
// Workflows never parse payloads (the API holds them to these schemas at the edge; a workflow checks stage, role
// and its own preconditions in plain code), so these checks refuse new input only and replay applies what a
// history holds as it was accepted.

/**
 * Options for a check of new input: it runs once the value passed every check before it (type, format). A format
 * check does not abort in zod, so "issues that continue" let a year be asked of "2027-13-01T10:00:00Z" and the
 * field was refused twice, once in words that were not true.
 */
export const NEW_INPUT_ONLY = {
  when: (payload: core.ParsePayload) => payload.issues.length === 0,
};
