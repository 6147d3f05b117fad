import { DEFAULT_LANGUAGE, type Language } from './language.js';
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
  .strict()
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

// The same in Chinese, as an agent of a Chinese shop writes the call down: no word boundaries there, so plain stems.
const RESCUE_ZH =
  /抛锚|趴窝|打不着|点不着|无法启动|启动不了|不能启动|亏电|电瓶没电|搭电|爆胎|车祸|事故|撞车|拖车|被困|困在|冒烟|过热|开锅|救援/;
const COMPLAINT_ZH =
  /投诉|不满|生气|乱收费|多收|收费太高|还是(坏|没修好|一样|有问题)|又坏了|没修好|更糟|更差|刮伤|划伤|刮花|弄坏|损坏|退款|退钱|态度差|态度不好/;

/** The classification proposed to the agent; the agent may overrule it. */
export function suggestCategory(summary: string): CallCategory {
  if (RESCUE.test(summary) || RESCUE_ZH.test(summary)) return 'rescue';
  if (COMPLAINT.test(summary) || COMPLAINT_ZH.test(summary)) return 'complaint';
  return 'consultation';
}

/**
 * The sentence the agent reads back so the caller can correct a misunderstanding before anything is sent, in the
 * shop's language (`SHOP_LANGUAGE`): a Shanghai agent read an English sentence to a Chinese caller.
 */
export function readBack(
  call: {
    callerName: string;
    summary: string;
    category: CallCategory;
    location?: string;
    plate?: string;
    reference: string;
  },
  language: Language = DEFAULT_LANGUAGE,
): string {
  const said = call.summary.replace(/[.。\s]+$/, '');
  if (language === 'zh-CN') {
    const heard = `${call.callerName}，我向您复述一下：${said}${call.plate ? `（车辆 ${call.plate}）` : ''}。`;
    switch (call.category) {
      case 'rescue':
        return `${heard}我们正派道路救援前往${call.location}。您的编号是 ${call.reference}，救援人员的到达时间将以短信告知您。`;
      case 'complaint':
        return `${heard}已将此记录为投诉，编号 ${call.reference}；专人将在我们承诺的响应时间内与您联系。`;
      case 'consultation':
        return `${heard}您的编号是 ${call.reference}；如我现在未能解答全部问题，服务顾问会再与您联系。`;
    }
  }
  const vehicle = call.plate ? ` for ${call.plate}` : '';
  const heard = `${call.callerName}, let me read that back: ${said}${vehicle}.`;
  switch (call.category) {
    case 'rescue':
      return `${heard} We are sending roadside assistance to ${call.location}. Your reference is ${call.reference}; we will text you the crew's arrival time.`;
    case 'complaint':
      return `${heard} I have recorded this as a complaint under reference ${call.reference}; a named person will contact you within our response time.`;
    case 'consultation':
      return `${heard} Your reference is ${call.reference}; an advisor will follow up if I could not answer everything now.`;
  }
}
