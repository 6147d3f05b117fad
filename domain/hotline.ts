import { multilineText, text } from './text.js';
import { Phone, Plate } from './visit.js';
import { z } from './zod.js';

export { callReference } from './call-reference.js';

/** [S1.2] The 24-hour hotline sorts every call into one of three flows. */
export const CallCategory = z.enum(['consultation', 'rescue', 'complaint']);
export type CallCategory = z.infer<typeof CallCategory>;

export const HotlineCallInput = z
  .object({
    callerName: text(200),
    phone: Phone,
    /** What the caller said, in the agent's words. */
    summary: multilineText(2000),
    /** The agent's classification; omitted → the keyword rule's suggestion is taken. */
    category: CallCategory.optional(),
    /** Where the vehicle stands: required for a rescue. */
    location: multilineText(500).optional(),
    plate: Plate.optional(),
    /** The visit a complaint is about, when the caller has the repair order at hand. */
    visitId: z.uuid().optional(),
  })
  .refine((c) => (c.category ?? suggestCategory(c.summary)) !== 'rescue' || c.location !== undefined, {
    path: ['location'],
    message: 'required for a roadside rescue: where is the vehicle?',
  });
export type HotlineCallInput = z.infer<typeof HotlineCallInput>;

// Words an agent hears in the first sentence. Rescue wins over complaint: a stranded caller who is also
// angry needs the truck first.
const RESCUE =
  /\b(break ?down|broke(n)? down|won'?t start|does not start|stranded|accident|flat tyre|flat tire|tow|stuck|roadside|battery dead|dead battery|smoke|overheat\w*)\b/i;
const COMPLAINT =
  /\b(complain\w*|unhappy|not happy|dissatisfied|not satisfied|angry|overcharg\w*|still (broken|not fixed|the same)|came back|worse|damage[d]?|refund|rude|scratch\w*)\b/i;

/** The classification proposed to the agent; the agent may overrule it. */
export function suggestCategory(summary: string): CallCategory {
  if (RESCUE.test(summary)) return 'rescue';
  if (COMPLAINT.test(summary)) return 'complaint';
  return 'consultation';
}

/** The sentence the agent reads back so the caller can correct a misunderstanding before anything is sent. */
export function readBack(call: {
  callerName: string;
  summary: string;
  category: CallCategory;
  location?: string;
  plate?: string;
  reference: string;
}): string {
  const vehicle = call.plate ? ` for ${call.plate}` : '';
  const heard = `${call.callerName}, let me read that back: ${call.summary.replace(/[.\s]+$/, '')}${vehicle}.`;
  switch (call.category) {
    case 'rescue':
      return `${heard} We are sending roadside assistance to ${call.location}. Your reference is ${call.reference}; we will text you the crew's arrival time.`;
    case 'complaint':
      return `${heard} I have recorded this as a complaint under reference ${call.reference}; a named person will contact you within our response time.`;
    case 'consultation':
      return `${heard} Your reference is ${call.reference}; an advisor will follow up if I could not answer everything now.`;
  }
}
