import { type Translations, wordedIn } from '../domain/catalogue.js';
import { type Currency, currencyOf, DEFAULT_LANGUAGE, type Language, languageOf } from '../domain/language.js';
import { isTimeZone } from '../domain/local-time.js';
import { clip } from '../domain/text-rules.js';

// What a customer reads. Templates are named by the workflows; the payload carries the facts, `language` (put
// there by `notify` from the customer's file, so a retry sends the same words) says which catalogue below, and
// `currency` (the shop's setting, put there by `notify` too) what the amounts are written in.
// Each language fills every template (`Record<TemplateName, Render>`), so a template added in one and forgotten in
// the other does not compile. Unknown templates still produce a readable message so a new notification is never
// silently dropped.

export interface RenderedMessage {
  subject: string;
  text: string;
}

const LOCALE: Record<Language, string> = { en: 'en-GB', 'zh-CN': 'zh-CN' };

const DAY_ALONE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Amounts in the shop's currency, dates and times on the shop's clock (`timeZone`, the zone its calendar is kept in:
 * a customer comes to the shop at the time it reads there), in the reader's locale. A payload written before the
 * zone travelled with it has none: its times are in UTC and the message names it. A day alone (a warranty's last
 * day) is a calendar day, the same in every zone.
 */
const formatters = (language: Language, currency: Currency, timeZone: string | undefined) => {
  const locale = LOCALE[language];
  const zone = timeZone ?? 'UTC';
  const moneyFormat = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const dayOf = (tz: string) => new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', day: 'numeric', timeZone: tz });
  const dayFormat = dayOf(zone);
  const calendarDayFormat = dayOf('UTC');
  const timeFormat = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: zone,
    timeZoneName: timeZone ? undefined : 'short',
  });
  const valid = (iso: unknown): iso is string => typeof iso === 'string' && !Number.isNaN(Date.parse(iso));
  return {
    money: (cents: unknown) => (typeof cents === 'number' ? moneyFormat.format(cents / 100) : ''),
    day: (iso: unknown) => (valid(iso) ? (DAY_ALONE.test(iso) ? calendarDayFormat : dayFormat).format(new Date(iso)) : ''),
    time: (iso: unknown) => (valid(iso) ? timeFormat.format(new Date(iso)) : ''),
    number: (n: unknown) => (typeof n === 'number' ? new Intl.NumberFormat(locale).format(n) : str(n)),
  };
};

const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

type Render = (p: Record<string, unknown>, f: ReturnType<typeof formatters>) => RenderedMessage;

/**
 * Where the customer's copy of a paper is: attached to this e-mail as a PDF (`paperAttached`, set by the channel
 * that attached it), else handed over at the service desk — a text carries no file, and a PDF that could not be
 * made is not worth holding the message for.
 */
const copy = (p: Record<string, unknown>, language: Language) =>
  p.paperAttached === true
    ? { en: 'Your copy is attached as a PDF.', 'zh-CN': '您的副本已作为 PDF 附件发送。' }[language]
    : {
        en: 'Your printed copy is ready for you at the service desk; ask us for it any time.',
        'zh-CN': '您的纸质副本已在服务前台备好，可随时领取。',
      }[language];

/** A campaign's description in the reader's language: its translation, else the maker's English. */
const described = (p: Record<string, unknown>, language: Language) =>
  wordedIn(str(p.description), p.translations as Translations | undefined, language);

/** The approval link on a line of its own with nothing after it, so no phone takes a full stop into the link. */
const link = (p: Record<string, unknown>) => (p.approvalUrl ? `:\n${str(p.approvalUrl)}` : '');

/** How much of the technician's finding a message quotes; the approval page it links to shows the whole of it. */
export const FINDING_QUOTED_CHARS = 120;

/**
 * The technician's finding (`reason` of additional work) as a message quotes it: on one line, cut after
 * FINDING_QUOTED_CHARS UTF-16 units with an ellipsis, between whole characters (domain/text-rules.ts `clip`: never
 * inside an emoji, a flag or a letter with its accents). Extra work reported
 * before its reason travelled with the approval has none: its message keeps the words it had (`without`).
 */
const whenFound = (p: Record<string, unknown>, quoting: (quoted: string) => string, without: string) => {
  // Its own closing stop goes: the sentence around the quote ends it.
  const finding = str(p.reason)
    .replace(/\s+/g, ' ')
    .replace(/[\s.。]+$/u, '')
    .trim();
  if (!finding) return without;
  return quoting(finding.length > FINDING_QUOTED_CHARS ? `${clip(finding, FINDING_QUOTED_CHARS)}…` : finding);
};

/** The link to move or cancel a booking, last for the same reason. */
const bookingLink = (p: Record<string, unknown>) => (p.bookingUrl ? `:\n${str(p.bookingUrl)}` : '');

/**
 * The nationwide contact list [S3.5] on a line of its own, last: the service points nearest where a stranded customer
 * is, round-the-clock ones first (`contactListUrl`, added by `notify` to the templates `namesContactList` lists).
 */
const contactList = (p: Record<string, unknown>, language: Language) =>
  p.contactListUrl
    ? `${{ en: ' Our service points nearest you, 24-hour ones first:', 'zh-CN': '离您最近的服务网点（24 小时网点优先）：' }[language]}\n${str(p.contactListUrl)}`
    : '';

/** The satisfaction survey after pickup on a line of its own, last (`surveyUrl`, added by `notify` to `offersSurvey`'s). */
const survey = (p: Record<string, unknown>, language: Language) =>
  p.surveyUrl
    ? `${{ en: ' How did we do? Five questions, one minute:', 'zh-CN': '请为本次服务评分（5 个问题，约 1 分钟）：' }[language]}\n${str(p.surveyUrl)}`
    : '';

const en = {
  estimate_ready: (p, f) => ({
    subject: 'Your estimate is ready',
    text: `Your estimate is ready: ${str(p.lines)} item(s), ${f.money(p.addedCents)} before tax, ready by ${f.time(p.promisedAt)}. Please approve or decline each item${link(p) || ' with your service advisor.'}`,
  }),
  additional_work_found: (p, f) => ({
    subject: 'We found additional work on your vehicle',
    text: `${whenFound(p, (quoted) => `While working on your vehicle our technician found: “${quoted}”. The additional work`, 'While working on your vehicle we found additional work')}: ${str(p.lines)} item(s), ${f.money(p.addedCents)} before tax; the new ready time would be ${f.time(p.promisedAt)}. Nothing is done without your approval${link(p) || '.'}`,
  }),
  promise_revised: (p, f) => ({
    subject: `A new ready time for ${str(p.plate)}`,
    text: `As agreed with you, your vehicle ${str(p.plate)} will now be ready by ${f.time(p.promisedAt)}. We are sorry for the change.`,
  }),
  approval_reminder: (p) => ({
    subject: 'Your approval is still needed',
    text: `We are waiting for your decision on the proposed work before we can continue${link(p) || '.'}`,
  }),
  customer_decided: (p) => ({
    subject: `${str(p.customer)} decided (${str(p.plate)})`,
    text: `${str(p.customer)} decided on the ${p.subject === 'additional_work' ? 'additional work' : 'estimate'} for ${str(p.plate)}: ${str(p.approved)} line(s) approved, ${str(p.declined)} declined${p.stillOpen ? '; some lines are still open' : ''}.`,
  }),
  estimate_signed: (p, f) => ({
    subject: `Your signed estimate for ${str(p.plate)}`,
    text: `Thank you for signing the estimate for ${str(p.plate)}; we will have it ready by ${f.time(p.promisedAt)}. Your signed estimate is your pickup voucher. ${copy(p, 'en')}`,
  }),
  invoice_issued: (p, f) => ({
    subject: `Your invoice for ${str(p.plate)}`,
    text: `Thank you for your visit. Your invoice for ${str(p.plate)} comes to ${f.money(p.totalCents)}, tax included. ${copy(p, 'en')}${survey(p, 'en')}`,
  }),
  vehicle_ready: (p, f) => ({
    subject: `${str(p.plate)} is ready for pickup`,
    text: `Your vehicle ${str(p.plate)} is ready for pickup. Amount due: ${f.money(p.totalCents)}.`,
  }),
  maintenance_due: (p, f) => ({
    subject: `Maintenance due for ${str(p.plate)}`,
    text: `Your vehicle ${str(p.plate)} is due for its next service on ${f.day(p.dueAt)} or at ${f.number(p.dueMileage)} km, whichever comes first. Reply or call us to book a time that suits you.`,
  }),
  complaint_received: (p, f) => ({
    subject: `We have recorded your complaint (${str(p.reference)})`,
    text: `Thank you for telling us. Your complaint is recorded under ${str(p.reference)}; a named person will contact you by ${f.time(p.firstResponseDueAt)}.`,
  }),
  complaint_outcome: (p) => ({
    subject: `The outcome of your complaint (${str(p.reference)})`,
    text: `${str(p.explanation)} What we offer: ${str(p.remedy)}.`,
  }),
  rescue_dispatched: (p) => ({
    subject: `Roadside assistance is arranged (${str(p.reference)})`,
    text: `Roadside assistance is arranged for ${str(p.location)}; reference ${str(p.reference)}. We will text you the crew's arrival time.${contactList(p, 'en')}`,
  }),
  rescue_on_the_way: (p, f) => ({
    subject: 'Roadside assistance is on the way',
    text: `${str(p.crew)} is on the way to ${str(p.location)} and expects to arrive at ${f.time(p.etaAt)}.`,
  }),
  rescue_delayed: (p) => ({
    subject: 'Roadside assistance is delayed',
    text: `We are sorry: the crew on the way to ${str(p.location)} is late. A manager is on it and will call you with a new arrival time.${contactList(p, 'en')}`,
  }),
  booking_confirmed: (p, f) => ({
    subject: `Your booking for ${str(p.plate)} is confirmed`,
    text: `Thank you: we expect ${str(p.plate)} on ${f.time(p.appointmentAt)}. To see, move or cancel your booking${bookingLink(p) || ', call the service desk.'}`,
  }),
  booking_moved: (p, f) => ({
    subject: `Your booking for ${str(p.plate)} has moved`,
    text: `We have moved your booking: we now expect ${str(p.plate)} on ${f.time(p.appointmentAt)}. To see, move or cancel your booking${bookingLink(p) || ', call the service desk.'}`,
  }),
  campaign_notice: (p) => ({
    subject: `A free recall repair for ${str(p.plate)} (${str(p.campaign)})`,
    text: `The maker has issued campaign ${str(p.campaign)} for your vehicle ${str(p.plate)}: ${described(p, 'en')} The work is free of charge and done first when you come in. Reply or call us to book a time that suits you.`,
  }),
  warranty_expiring: (p, f) => ({
    subject: `The warranty of ${str(p.plate)} ends soon`,
    text: `The maker's warranty of your vehicle ${str(p.plate)} ends on ${f.day(p.endsOn)}. Book a check before then, so anything it covers is repaired free of charge.`,
  }),
} satisfies Record<string, Render>;

/** Every message the workflows send; the screens name each (web/i18n). */
export type TemplateName = keyof typeof en;

const zhCN: Record<TemplateName, Render> = {
  estimate_ready: (p, f) => ({
    subject: '您的维修报价已出',
    text: `您的维修报价已出：共 ${str(p.lines)} 项，税前 ${f.money(p.addedCents)}，预计 ${f.time(p.promisedAt)} 交车。请逐项同意或拒绝${p.approvalUrl ? link(p) : '，可联系您的服务顾问。'}`,
  }),
  additional_work_found: (p, f) => ({
    subject: '我们在您的车辆上发现了追加维修项目',
    text: `${whenFound(p, (quoted) => `维修过程中技师发现：“${quoted}”。追加项目`, '维修过程中我们发现了追加项目')}：共 ${str(p.lines)} 项，税前 ${f.money(p.addedCents)}；新的预计交车时间为 ${f.time(p.promisedAt)}。未经您同意不会施工${p.approvalUrl ? link(p) : '。'}`,
  }),
  promise_revised: (p, f) => ({
    subject: `${str(p.plate)} 的新交车时间`,
    text: `按与您的约定，您的车辆 ${str(p.plate)} 预计于 ${f.time(p.promisedAt)} 交车。给您带来不便，敬请谅解。`,
  }),
  approval_reminder: (p) => ({
    subject: '仍需您的确认',
    text: `我们正在等待您对建议维修项目的决定，之后才能继续施工${p.approvalUrl ? link(p) : '。'}`,
  }),
  customer_decided: (p) => ({
    subject: `${str(p.customer)} 已作出决定（${str(p.plate)}）`,
    text: `${str(p.customer)} 已对 ${str(p.plate)} 的${p.subject === 'additional_work' ? '追加项目' : '维修报价'}作出决定：同意 ${str(p.approved)} 项，拒绝 ${str(p.declined)} 项${p.stillOpen ? '；仍有项目未决定' : ''}。`,
  }),
  estimate_signed: (p, f) => ({
    subject: `${str(p.plate)} 的已签字报价单`,
    text: `感谢您签署 ${str(p.plate)} 的报价单，我们将于 ${f.time(p.promisedAt)} 前完工。已签字的报价单即为您的取车凭证。${copy(p, 'zh-CN')}`,
  }),
  invoice_issued: (p, f) => ({
    subject: `${str(p.plate)} 的发票`,
    text: `感谢您的光临。${str(p.plate)} 的发票金额为 ${f.money(p.totalCents)}（含税）。${copy(p, 'zh-CN')}${survey(p, 'zh-CN')}`,
  }),
  vehicle_ready: (p, f) => ({
    subject: `${str(p.plate)} 已可取车`,
    text: `您的车辆 ${str(p.plate)} 已可取车。应付金额：${f.money(p.totalCents)}。`,
  }),
  maintenance_due: (p, f) => ({
    subject: `${str(p.plate)} 保养到期提醒`,
    text: `您的车辆 ${str(p.plate)} 将于 ${f.day(p.dueAt)} 或行驶至 ${f.number(p.dueMileage)} 公里时（以先到者为准）进行下次保养。请回复或致电我们预约合适的时间。`,
  }),
  complaint_received: (p, f) => ({
    subject: `您的投诉已登记（${str(p.reference)}）`,
    text: `感谢您的反馈。您的投诉编号为 ${str(p.reference)}；专人将于 ${f.time(p.firstResponseDueAt)} 前与您联系。`,
  }),
  complaint_outcome: (p) => ({
    subject: `您的投诉处理结果（${str(p.reference)}）`,
    text: `${str(p.explanation)} 我们的补救措施：${str(p.remedy)}。`,
  }),
  rescue_dispatched: (p) => ({
    subject: `道路救援已安排（${str(p.reference)}）`,
    text: `已为 ${str(p.location)} 安排道路救援；编号 ${str(p.reference)}。我们会短信告知救援人员的到达时间。${contactList(p, 'zh-CN')}`,
  }),
  rescue_on_the_way: (p, f) => ({
    subject: '道路救援正在途中',
    text: `${str(p.crew)} 正在前往 ${str(p.location)}，预计 ${f.time(p.etaAt)} 到达。`,
  }),
  rescue_delayed: (p) => ({
    subject: '道路救援延误',
    text: `非常抱歉：前往 ${str(p.location)} 的救援人员将会晚到。经理正在处理，并会致电告知新的到达时间。${contactList(p, 'zh-CN')}`,
  }),
  booking_confirmed: (p, f) => ({
    subject: `${str(p.plate)} 的预约已确认`,
    text: `感谢您的预约：我们将于 ${f.time(p.appointmentAt)} 恭候 ${str(p.plate)}。查看、改期或取消预约${p.bookingUrl ? bookingLink(p) : '，请致电服务前台。'}`,
  }),
  booking_moved: (p, f) => ({
    subject: `${str(p.plate)} 的预约时间已更改`,
    text: `您的预约已改期：我们将于 ${f.time(p.appointmentAt)} 恭候 ${str(p.plate)}。查看、改期或取消预约${p.bookingUrl ? bookingLink(p) : '，请致电服务前台。'}`,
  }),
  campaign_notice: (p) => ({
    subject: `${str(p.plate)} 的免费召回维修（${str(p.campaign)}）`,
    text: `厂家针对您的车辆 ${str(p.plate)} 发布了服务活动 ${str(p.campaign)}：${described(p, 'zh-CN')} 该项维修免费，到店后优先安排。请回复或致电我们预约合适的时间。`,
  }),
  warranty_expiring: (p, f) => ({
    subject: `${str(p.plate)} 的保修即将到期`,
    text: `您的车辆 ${str(p.plate)} 的厂家保修将于 ${f.day(p.endsOn)} 到期。请在此之前预约检查，保修范围内的问题可免费维修。`,
  }),
};

const TEMPLATES: Record<Language, Record<TemplateName, Render>> = { en, 'zh-CN': zhCN };

const isTemplate = (name: string): name is TemplateName => Object.hasOwn(en, name);

/** The messages a stranded customer reads: each carries the contact list's points nearest their `location`. */
const NAMES_CONTACT_LIST: ReadonlySet<string> = new Set<TemplateName>(['rescue_dispatched', 'rescue_delayed']);
export const namesContactList = (template: string) => NAMES_CONTACT_LIST.has(template);

/** The message a customer gets at pickup: it carries the link to the satisfaction survey. */
const OFFERS_SURVEY: ReadonlySet<string> = new Set<TemplateName>(['invoice_issued']);
export const offersSurvey = (template: string) => OFFERS_SURVEY.has(template);

export function renderMessage(template: string, payload: Record<string, unknown>): RenderedMessage {
  const language = languageOf(typeof payload.language === 'string' ? payload.language : undefined) ?? DEFAULT_LANGUAGE;
  const timeZone = typeof payload.timeZone === 'string' && isTimeZone(payload.timeZone) ? payload.timeZone : undefined;
  if (isTemplate(template))
    return TEMPLATES[language][template](payload, formatters(language, currencyOf(payload.currency), timeZone));
  return { subject: template.replaceAll('_', ' '), text: `${template.replaceAll('_', ' ')}: ${JSON.stringify(payload)}` };
}
