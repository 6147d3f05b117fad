import { describe, expect, it } from 'vitest';
import { renderMessage } from '../../activities/message-templates.js';
import { ACTIONS } from '../../domain/actions.js';
import { ClockTime } from '../../domain/business-hours.js';
import { LANGUAGES, type Language } from '../../domain/language.js';
import { rescueRequest } from '../../domain/rescue-rules.js';
import { DayInput, InstantInput } from '../../domain/time.js';
import { requestText } from '../../web/entry-words.js';
import { dateTime, duration, money, stageLabel, taskKindLabel, whenRange, who } from '../../web/format.js';
import { CATALOGUES, inLanguage, keysOf, MISSING, t } from '../../web/i18n/index.js';
import { sourceLabel } from '../../web/pages/complaints/common.js';
import { customerChangeOf, vehicleChangeOf } from '../../web/pages/customer/edit.js';
import { fieldLabel, plainFieldError, plainPageError, plainRefusal, RAW_TEXT } from '../../web/plain-errors.js';

// The catalogues, the locale formats and the plain-language errors, without a browser (test/web/languages.test.ts
// drives the screens in both languages).

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
const lookup = (catalogue: object, key: string) =>
  key.split('.').reduce<unknown>((node, k) => (node as Record<string, unknown>)[k], catalogue) as string;

describe('catalogues', () => {
  it('every key exists in both languages, with text and the same placeholders', () => {
    const english = keysOf(CATALOGUES.en).sort();
    expect(english.length).toBeGreaterThan(200);
    for (const lang of LANGUAGES) {
      expect(keysOf(CATALOGUES[lang]).sort(), lang).toEqual(english);
      for (const key of english) {
        const text = lookup(CATALOGUES[lang], key);
        expect(text.trim(), `${lang} ${key}`).not.toBe('');
        expect(placeholders(text), `${lang} ${key}`).toEqual(placeholders(lookup(CATALOGUES.en, key)));
      }
    }
  });

  it('the Chinese catalogue is translated, not copied', () => {
    const same = keysOf(CATALOGUES.en).filter((k) => {
      const zh = lookup(CATALOGUES['zh-CN'], k);
      return zh === lookup(CATALOGUES.en, k) && /[a-z]{3,}/.test(zh.replace(/\{\{\w+\}\}/g, ''));
    });
    // Names that stay as they are in both languages: the product, a language's own name.
    expect(same.sort()).toEqual(['language.name.en', 'nav.titleSuffix']);
  });

  it('a count reads in its plural form: one call, two calls; Chinese has one form', () => {
    expect(t('board.calls', { count: 1 })).toBe('1 call');
    expect(t('board.calls', { count: 2 })).toBe('2 calls');
    expect(inLanguage('zh-CN', () => t('board.calls', { count: 2 }))).toBe('已打 2 次');
  });

  it('a key the catalogue lacks shows the missing-key marker the browser test looks for', () => {
    expect(t('no.such.key' as never)).toBe(MISSING);
  });

  it('labels keyed by the domain unions come from the language of the request', () => {
    expect(stageLabel('awaiting_approval')).toBe('Awaiting approval');
    expect(inLanguage('zh-CN', () => stageLabel('awaiting_approval'))).toBe('待客户确认');
    expect(inLanguage('zh-CN', () => taskKindLabel('follow_up_call'))).toBe('回访电话');
    // The 24-hour hotline [S1.2] takes consultations and complaints as well as rescues: a complaint heard on it was
    // "received on the rescue hotline" (救援热线).
    expect(inLanguage('zh-CN', () => sourceLabel('hotline'))).toBe('24 小时热线');
    // A code newer than the screens is shown as it is rather than as a marker.
    expect(stageLabel('teleported')).toBe('teleported');
  });
});

describe('locale formats', () => {
  const at = '2026-12-02T10:41:00Z';
  const now = Date.parse('2026-12-04T18:00:00Z');
  it('English as before: pounds-style grouping, day-month order, 24-hour clock', () => {
    expect(money(123450)).toBe('€1,234.50');
    expect(dateTime(at, 'Europe/Berlin', now)).toBe('Wed 2 Dec, 11:41');
    expect(duration(3_900_000)).toBe('1 h 05 min');
  });
  it('Chinese dates and numbers in the shop currency and time zone', () => {
    inLanguage('zh-CN', () => {
      expect(money(123450)).toBe('€1,234.50');
      expect(dateTime(at, 'Europe/Berlin', now)).toMatch(/12月2日.*11:41/);
      expect(duration(3_900_000)).toBe('1 小时 05 分钟');
    });
  });
  it('an instant in another year names its year: next year’s maintenance reminder on the visit’s timeline', () => {
    // It read "Sun 21 Nov, 14:00" (in Chinese "11月21日周日 14:00") a year ahead, as if it were this November's.
    const reminder = '2027-11-21T06:00:00Z';
    expect(dateTime(reminder, 'Asia/Shanghai', now)).toBe('21 Nov 2027, 14:00');
    expect(inLanguage('zh-CN', () => dateTime(reminder, 'Asia/Shanghai', now))).toBe('2027年11月21日 14:00');
    // New Year's Eve in Munich is still this year on the shop's clock, though already next year in UTC+8.
    expect(dateTime('2026-12-31T22:30:00Z', 'Europe/Berlin', now)).toBe('Thu 31 Dec, 23:30');
  });
  it('a job planned on another day names its day once: "Sat 5 Dec, 08:00–09:30", not the day again at its end', () => {
    const now = Date.parse('2026-12-03T12:00:00Z');
    const [start, end, nextDay] = ['2026-12-05T00:00:00Z', '2026-12-05T01:30:00Z', '2026-12-06T01:30:00Z'];
    expect(whenRange(start, end, 'Asia/Shanghai', now)).toBe('Sat 5 Dec, 08:00–09:30');
    expect(inLanguage('zh-CN', () => whenRange(start, end, 'Asia/Shanghai', now))).toBe('12月5日周六 08:00–09:30');
    expect(whenRange(start, nextDay, 'Asia/Shanghai', now)).toBe('Sat 5 Dec, 08:00–Sun 6 Dec, 09:30');
    expect(whenRange('2026-12-03T01:00:00Z', '2026-12-03T02:00:00Z', 'Asia/Shanghai', now)).toBe('09:00–10:00');
  });
  it("a towed-in car's first request, written by the rescue, reads in the page's language; a typed one as typed", () => {
    const towed = rescueRequest('R-1A2B3C4D', '车在加油站打不着火');
    expect(inLanguage('zh-CN', () => requestText(towed))).toBe('道路救援 R-1A2B3C4D：车在加油站打不着火');
    expect(inLanguage('en', () => requestText(towed))).toBe('Roadside rescue R-1A2B3C4D: 车在加油站打不着火');
    expect(inLanguage('zh-CN', () => requestText('Roadside rescue, please'))).toBe('Roadside rescue, please');
  });
  it("amounts in the shop's currency setting: ¥ for a shop in Shanghai, € for one in Munich", () => {
    expect(inLanguage('zh-CN', () => money(123450), 'CNY')).toBe('¥1,234.50');
    expect(inLanguage('en', () => money(123450), 'CNY')).toBe('CN¥1,234.50');
    expect(inLanguage('en', () => money(123450), 'EUR')).toBe('€1,234.50');
    expect(inLanguage('zh-CN', () => money(123450), 'EUR')).toBe('€1,234.50');
  });
  it('the customer acting on the booking page or their link is named as such, never by an id', () => {
    // What a customer does online (the booking page, their booking link) is recorded as by `customer:…`.
    for (const id of ['customer:web', 'customer:0b641f87-4a3c-4d3e-9d2b-1f0e1c2b3a4d']) {
      expect(who(new Map(), id)).toBe('Customer (online)');
      expect(inLanguage('zh-CN', () => who(new Map(), id))).toBe('客户（网上）');
    }
  });
});

describe('plain-language errors', () => {
  const cases: [string, string, string, string][] = [
    ['customer.name', 'Too small: expected string to have >=1 characters', 'Name: please fill this in.', '姓名：请填写此项。'],
    [
      'lines.0.quantity',
      'Too small: expected number to be >0',
      'Quantity (Line 1): must be more than zero.',
      '第 1 条项目的数量：必须大于零。',
    ],
    ['vehicle.year', 'Invalid input: expected number, received string', 'Year: enter a number.', '年份：请输入数字。'],
    [
      'lines.2.unitPriceCents',
      'Too big: expected number to be <=100000000',
      'Unit price (Line 3): must be at most €1,000,000.00.',
      '第 3 条项目的单价：不能大于 €1,000,000.00。',
    ],
    [
      'signature.image',
      'expected a data:image/png;base64,… URL',
      'Please sign in the box with your finger or mouse.',
      '请用手指或鼠标在框内签名。',
    ],
    [
      'customer.phone',
      '138 12 is not a phone number in China',
      'Phone: this number has too few or too many digits for a phone number; please check it.',
      '电话：号码位数不对，不是有效的电话号码，请检查。',
    ],
    [
      'phone',
      "this number is on another customer's file (Wang Fang): open that file, or give this one another number",
      "Phone: this number is on another customer's file; open that file, or give this one another number.",
      '电话：该号码已在另一位客户的档案中，请打开那份档案，或为此客户填写其他号码。',
    ],
    [
      'vehicle.plate',
      'must not contain invisible characters such as zero-width spaces',
      'Plate: remove unusual characters (such as control characters).',
      '车牌：请删除特殊字符（例如控制字符）。',
    ],
    ['promisedAt', 'must be in the future', 'Promised time: choose a time in the future.', '承诺交车时间：请选择将来的时间。'],
    [
      'payload.weird_thing',
      'code_xyz failed at 2026-12-02T10:00:00.000Z',
      'This field: this was not accepted. Check it and try again.',
      '此项：未被接受，请检查后重试。',
    ],
    // The domain's refusals a screen can meet: what to do, the limit or amount they name, the field.
    [
      'notes',
      'must be at most 1000 characters',
      'Notes: too long; keep it to 1000 characters.',
      '备注：内容过长，请不超过 1000 个字符。',
    ],
    ['shift.closesAt', 'must be after opensAt', 'Closes at: must be after the opening time.', '结束时间：必须晚于开始时间。'],
    [
      'hours.closesAt',
      'closing time must be after the opening time',
      'Closes at: must be after the opening time.',
      '结束时间：必须晚于开始时间。',
    ],
    [
      'payment.amountCents',
      'the invoice total is 26500, not 1250',
      'Amount paid: must be the invoice total, €265.00.',
      '实收金额：必须等于发票总额 €265.00。',
    ],
    ['lines', 'Too small: expected array to have >=1 items', 'Line: add at least one.', '项目：请至少添加一项。'],
    ['requests', 'Too small: expected array to have >=1 items', 'Request: add at least one.', '需求：请至少添加一项。'],
    ['slot', 'Invalid ISO datetime', 'Time: choose one of the free times.', '时间：请选择一个空闲时间。'],
    // An advisor's slip of the year on the customer's file, a manager's holiday entered a day late.
    [
      'birthday',
      'must be a day between 1900-01-01 and today',
      'Birthday: must be a day between 1 Jan 1900 and today.',
      '生日：请填写 1900年1月1日至今天之间的日期。',
    ],
    [
      'date',
      '2026-12-01 is in the past; name today or a later day',
      'Day: that day has passed; choose today or a later day.',
      '日期：该日期已过，请选择今天或以后的日期。',
    ],
    [
      'services.0.code',
      'the package SVC-12M is offered for VW Golf, VW Passat only',
      "A package you ticked is offered for VW Golf, VW Passat only: untick it, or check your car's model.",
      '您勾选的套餐仅适用于 VW Golf, VW Passat：请取消勾选，或核对您填写的车型。',
    ],
    [
      'confirmDuplicate',
      'HH-GL 24 is already booked on 2026-12-05 at 00:30 (repair order 5); tick "book anyway" (confirmDuplicate: true) to book a second visit',
      'Second booking that day: HH-GL 24 is already booked on 5 Dec 2026 at 00:30 (repair order 5). Tick “Open anyway” for a second visit.',
      '同日第二个预约：HH-GL 24 已预约在 2026年12月5日 00:30（维修单 5）。如客户需要再来一次，请勾选“仍然开单”。',
    ],
    [
      'hours.opensAt',
      'the clocks go forward from 02:00 to 03:00 on 2027-03-28, so 02:30 does not happen that day; choose a time before 02:00 or from 03:00',
      'Opens at: the clocks go forward from 02:00 to 03:00 that night, so this time does not happen. Choose a time before 02:00 or from 03:00.',
      '开始时间：当晚时钟从 02:00 直接拨快到 03:00，这个时间不存在。请选择 02:00 之前或 03:00 及之后的时间。',
    ],
    [
      'appointmentAt',
      'HH-GL 24 is already booked on 2026-12-05 at 09:00 (repair order 5); pick another day, or move or cancel that booking first',
      'Appointment: HH-GL 24 is already booked on 5 Dec 2026 at 09:00 (repair order 5). Pick another day, or move or cancel that booking first.',
      '预约时间：HH-GL 24 已预约在 2026年12月5日 09:00（维修单 5）。请改选其他日期，或先改期或取消那个预约。',
    ],
  ];
  it.each(cases)('%s: %s', (path, message, en, zh) => {
    expect(plainFieldError(path, message)).toBe(en);
    expect(inLanguage('zh-CN', () => plainFieldError(path, message))).toBe(zh);
    for (const text of [en, zh]) expect(text).not.toMatch(RAW_TEXT);
  });

  // Every refusal a form can meet beyond a field's shape (who is given the work, the booking calendar, the estimate's
  // bounds and catalogue, a duplicate walk-in, a time, an id taken): Chinese read "未被接受，请检查后重试" for each,
  // where English showed the API's sentence, with its ids, cents and endpoints.
  const refusals: [string, string, string, string][] = [
    [
      'advisorId',
      'adv-x is not in the staff directory; pick an advisor from the list',
      'Advisor: this person is not in the staff directory; pick someone from the list.',
      '服务顾问：此人不在员工名录中，请从列表中选择。',
    ],
    [
      'technicianId',
      'tech-x Jan no longer works here (inactive in the staff directory)',
      'Technician: this person no longer works here; pick someone else from the list.',
      '技师：此人已不在本店工作，请从列表中另选一人。',
    ],
    [
      'advisorId',
      'adv-x Lena Wu is not a service advisor',
      'Advisor: this person is not a service advisor; pick an advisor from the list.',
      '服务顾问：此人不是服务顾问，请从列表中选择一位服务顾问。',
    ],
    [
      'technicianId',
      'the workshop has no active technician yet; add one and the plan proposes them at once',
      'Technician: the workshop has no active technician yet; add one on the technicians screen.',
      '技师：车间还没有在岗技师，请先在技师页面添加。',
    ],
    [
      'technicianId',
      'tech-x is not an active technician',
      'Technician: this technician is not active; pick another.',
      '技师：该技师未在岗，请另选一位。',
    ],
    [
      'technicianId',
      'Jan Kowalski has skill 1; this job needs skill 3',
      'Technician: Jan Kowalski has skill level 1; this job needs level 3.',
      '技师：Jan Kowalski 的技能等级为 1，此工作需要等级 3。',
    ],
    [
      'overrideReason',
      'say why Jan rather than Ana, whom the plan proposes',
      'Reason: say why Jan rather than Ana, whom the plan proposes.',
      '理由：请说明为什么选择 Jan，而不是计划建议的 Ana。',
    ],
    [
      'appointmentAt',
      'the workshop is fully booked that day; pick another time',
      'Appointment: the workshop is fully booked that day; pick another day.',
      '预约时间：车间当天已约满，请改选其他日期。',
    ],
    [
      'slot',
      'that time is fully booked; pick another time',
      'Time: that time is fully booked; pick another time.',
      '时间：该时间已约满，请选择其他时间。',
    ],
    [
      'appointmentAt',
      'the shop is closed that day (see GET /calendar)',
      'Appointment: the shop is closed that day; pick another day.',
      '预约时间：本店当天不营业，请改选其他日期。',
    ],
    ['slot', 'that time has passed', 'Time: that time has passed; pick a later time.', '时间：该时间已过，请选择更晚的时间。'],
    [
      'appointmentAt',
      'bookings open at most 90 days ahead',
      'Appointment: bookings open at most 90 days ahead; pick an earlier day.',
      '预约时间：最多只能预约 90 天以内，请选择更早的日期。',
    ],
    [
      'appointmentAt',
      'not the start of a booking slot; pick one of GET /booking/slots',
      'Appointment: choose one of the free times.',
      '预约时间：请选择一个空闲时间。',
    ],
    [
      'appointmentAt',
      'must be in the years 2000–2100 (UTC)',
      'Appointment: must be in the years 2000–2100.',
      '预约时间：年份须在 2000–2100 之间。',
    ],
    [
      'confirmDuplicate',
      'HH-GL 24 is booked for about now (repair order 5): receive that booking instead, or tick "open anyway" (confirmDuplicate: true) for a second visit',
      'Second booking that day: HH-GL 24 is booked for about now (repair order 5). Receive that booking instead, or tick “Open anyway” for a second visit.',
      '同日第二个预约：HH-GL 24 已预约在此时前后（维修单 5）。请接待该预约；如客户需要再来一次，请勾选“仍然开单”。',
    ],
    [
      'confirmDuplicate',
      'HH-GL 24 is already in the shop (repair order 5); tick "open anyway" (confirmDuplicate: true) for a second visit',
      'Second booking that day: HH-GL 24 is already in the shop (repair order 5). Tick “Open anyway” for a second visit.',
      '同日第二个预约：HH-GL 24 已在店内（维修单 5）。如客户需要再来一次，请勾选“仍然开单”。',
    ],
    [
      'lines.0.quantity',
      'must be at most 10000',
      'Quantity (Line 1): must be at most 10,000.',
      '第 1 条项目的数量：不能大于 10,000。',
    ],
    [
      'lines.0.unitPriceCents',
      'quantity × unit price must be at most 100000000 cents a line',
      'Unit price (Line 1): one line (quantity × unit price) may come to at most €1,000,000.00.',
      '第 1 条项目的单价：单个项目（数量 × 单价）不能超过 €1,000,000.00。',
    ],
    [
      'lines.0.discountCents',
      "must not be more than the line's 5000 cents",
      'Discount (Line 1): must not be more than the line itself, €50.00.',
      '第 1 条项目的折扣：不能超过该项目本身的金额 €50.00。',
    ],
    [
      'lines',
      "the visit's lines may total at most 1000000000 cents before tax (these make 1000000100)",
      "Line: the visit's lines may total at most €10,000,000.00 before tax.",
      '项目：本次来店的项目合计（税前）不能超过 €10,000,000.00。',
    ],
    [
      'lines.0.catalogue',
      'no labour operation X-1 in the catalogue',
      'From the price list (Line 1): X-1 is not in the catalogue; pick an item from the price list.',
      '第 1 条项目的价目表项目：价目表中没有 X-1，请从价目表中选择。',
    ],
    [
      'lines.1.catalogue',
      'part FILTER-OIL is no longer offered',
      'From the price list (Line 2): FILTER-OIL is no longer offered; pick another item from the price list.',
      '第 2 条项目的价目表项目：FILTER-OIL 已停止提供，请从价目表中另选一项。',
    ],
    [
      'lines.0.catalogue',
      'package SVC-12M is for VW Golf, VW Passat, not a Tesla Model 3',
      'From the price list (Line 1): package SVC-12M is for VW Golf, VW Passat only.',
      '第 1 条项目的价目表项目：套餐 SVC-12M 仅适用于 VW Golf, VW Passat。',
    ],
    // Not "choose a time in the future": the call was made, so its time cannot be ahead of now.
    [
      'consent.calledAt',
      'the call cannot be in the future',
      'Called at: cannot be in the future.',
      '通话时间：不能是将来的时间。',
    ],
    [
      'consent.calledAt',
      'the call cannot be before the customer was asked',
      'Called at: cannot be before the customer was asked to decide.',
      '通话时间：不能早于请客户确认的时间。',
    ],
    [
      'promisedAt',
      'this is the promised time already',
      'Promised time: this is the promised time already; choose another time.',
      '承诺交车时间：这已经是当前的承诺交车时间，请选择其他时间。',
    ],
    [
      'timeZone',
      'expected an IANA time zone such as Europe/Berlin',
      'Time zone: enter a time zone such as Europe/Berlin or Asia/Shanghai.',
      '时区：请输入时区，例如 Europe/Berlin 或 Asia/Shanghai。',
    ],
    [
      'id',
      'someone in the staff directory already has the id adv-lena',
      'Id: adv-lena is taken; choose another.',
      '编号：adv-lena 已被使用，请换一个。',
    ],
    [
      'id',
      'technician tech-omar already exists',
      'Id: tech-omar is taken; choose another.',
      '编号：tech-omar 已被使用，请换一个。',
    ],
    // The decision names its line by id (workflows/steps/approval.ts): a hostile-forms run showed it to a person.
    [
      'decisions.1.lineId',
      'line 0b5e7a52-6a0c-4d1e-9f3b-2f1d7c3a9e10:L2 is already approved',
      'Your decision: a line on it was decided meanwhile; open the visit again to see where it stands.',
      '您的决定：其中一项刚已有决定，请重新打开工单查看最新情况。',
    ],
    [
      'decisions.0.lineId',
      'no line 0b5e7a52-6a0c-4d1e-9f3b-2f1d7c3a9e10:L9 on this visit',
      'Your decision: a line on it is no longer on the visit; open the visit again to see its estimate as it is now.',
      '您的决定：其中一项已不在此工单上，请重新打开工单查看当前报价。',
    ],
    [
      'decisions.2.lineId',
      'line 0b5e7a52-6a0c-4d1e-9f3b-2f1d7c3a9e10:L1 is decided twice',
      'Your decision: a line is decided twice; decide each line once.',
      '您的决定：同一项被决定了两次，每项只需决定一次。',
    ],
    // A follow-up call marked as not reached with a score or a complaint (workflows/steps/follow-up.ts).
    [
      'satisfaction',
      'give a score only when the customer was reached',
      'Satisfaction: only when the customer was reached; clear it, or record the call as reached.',
      '满意度：仅在联系上客户时填写；请清除此项，或将通话记录为已联系上。',
    ],
    [
      'complaint',
      'record a complaint only when the customer was reached',
      'Complaint: only when the customer was reached; clear it, or record the call as reached.',
      '投诉：仅在联系上客户时填写；请清除此项，或将通话记录为已联系上。',
    ],
  ];
  it.each(refusals)('%s: %s', (path, message, en, zh) => {
    expect(plainFieldError(path, message)).toBe(en);
    expect(inLanguage('zh-CN', () => plainFieldError(path, message))).toBe(zh);
    for (const text of [en, zh]) expect(text).not.toMatch(RAW_TEXT);
  });

  it('a refusal that names no field reads in Chinese too: the recall line the catalogue stopped offering, no advisor to book, a step taken too often', () => {
    const refusal = (status: number, message: string) => ({ status, message, fields: {} });
    const recall = refusal(422, 'campaign RC-24-017: labour operation RC-AIRBAG is no longer offered');
    expect(plainRefusal(recall)).toBe(
      'Not recorded. The recall campaign RC-24-017 needs RC-AIRBAG, which the catalogue no longer offers: ask the service manager to offer it again, then send the estimate.',
    );
    expect(inLanguage('zh-CN', () => plainRefusal(recall))).toBe(
      '未保存。召回活动 RC-24-017 需要的 RC-AIRBAG 已不在价目表中提供：请服务经理重新启用后，再提交报价。',
    );
    expect(inLanguage('zh-CN', () => plainRefusal(refusal(422, 'campaign RC-24-017: no part AIRBAG-INF in the catalogue')))).toBe(
      '未保存。召回活动 RC-24-017 需要的 AIRBAG-INF 已不在价目表中提供：请服务经理重新启用后，再提交报价。',
    );
    const nobody = refusal(409, 'Online booking is not available right now; please call the service desk');
    expect(inLanguage('zh-CN', () => plainRefusal(nobody, { customer: true }))).toBe(
      '尚未提交。暂时无法在线预约，请致电服务前台。',
    );
    // Not "someone changed this, reload": reloading does not lift the bound, and the step's code stays out of sight.
    const again = refusal(409, 'reschedule was already taken 30 times while the visit is booked, the most one stage takes');
    expect(plainRefusal(again)).toBe(
      'Not recorded. This step was already recorded 30 times at this stage, the most one stage takes; ask the service manager.',
    );
    expect(inLanguage('zh-CN', () => plainRefusal(again))).toBe(
      '未保存。此步骤在当前阶段已记录 30 次，已达上限，请联系服务经理。',
    );
  });

  it('a time of day and a day alone are asked for as such, with the words the schemas refuse in', () => {
    const refusal = (schema: { safeParse: (v: unknown) => { error?: { issues: { message: string }[] } } }) =>
      schema.safeParse('soon').error?.issues[0]?.message ?? '';
    const clock = plainFieldError('monday.opensAt', refusal(ClockTime));
    expect(clock).toMatch(/: enter a time of day, such as 08:30\.$/);
    expect(inLanguage('zh-CN', () => plainFieldError('monday.opensAt', refusal(ClockTime)))).toMatch(
      /：请输入一天中的时间，例如 08:30。$/,
    );
    expect(plainFieldError('date', refusal(DayInput))).toMatch(/: enter a date\.$/);
    expect(inLanguage('zh-CN', () => plainFieldError('date', refusal(DayInput)))).toMatch(/：请输入日期。$/);
    expect(plainFieldError('appointmentAt', refusal(InstantInput))).toMatch(/: enter a date and time\.$/);
  });

  it('a bound is grouped as people read numbers, in either language', () => {
    const message = 'Too big: expected number to be <=3000000';
    expect(plainFieldError('mileage', message)).toBe('Mileage: must be at most 3,000,000.');
    expect(inLanguage('zh-CN', () => plainFieldError('mileage', message))).toMatch(/3,000,000/);
  });

  it("the form's own key is never shown: a form sent again with other values, or still being recorded, says what to do", () => {
    const key = '0b641f87-4a3c-4d3e-9d2b-1f0e1c2b3a4d';
    const refusals: { status: number; message: string; fields: Record<string, string> }[] = [
      { status: 422, message: `Idempotency-Key ${key} was already used for a different request`, fields: {} },
      {
        status: 400,
        message: 'Idempotency-Key: 1 to 255 printable ASCII characters without spaces',
        fields: { 'Idempotency-Key': '1 to 255 printable ASCII characters without spaces' },
      },
    ];
    for (const refusal of refusals) {
      expect(plainRefusal(refusal)).toBe(
        'Not recorded. This form was sent before with other values, or changed since the page drew it. Reload the page and enter them again.',
      );
      expect(inLanguage('zh-CN', () => plainRefusal(refusal))).toBe(
        '未保存。此表单已用其他内容提交过，或在页面显示后被改动。请刷新页面后重新填写。',
      );
    }
    const inProgress = {
      status: 409,
      message: `A request with Idempotency-Key ${key} is still in progress; retry shortly`,
      fields: {},
    };
    expect(plainRefusal(inProgress)).toBe(
      'This form was sent already and may still be being recorded. Reload the page to see whether it was.',
    );
    expect(inLanguage('zh-CN', () => plainRefusal(inProgress))).toBe(
      '此表单已提交过，可能仍在保存中。请刷新页面查看是否已保存。',
    );
  });

  it('a domain sentence stays for English readers once its field names and days read plainly', () => {
    expect(plainFieldError('validUntil', 'must not be after 2031-01-01 (validFrom: 2030-01-01)')).toBe(
      'This field: must not be after 1 Jan 2031',
    );
  });

  it('names every field a form can be refused on, in both languages', () => {
    const paths = [
      'covered',
      'reached',
      'comments',
      'scanReportRef',
      'valuables',
      'checklist.cleaned',
      'checklist.chargesExplained',
      'checklist.nextMaintenanceTold',
      'checklist.coversRemoved',
      'checklist.fenderCovers',
      'checklist.genuineParts',
      'checklist.onlyWorkOrderItems',
      'consent.spokeWith',
      'consent.callReference',
      'consent.calledAt',
      'date',
      'note',
      'damages.0.area',
      'damages.1.description',
    ];
    for (const lang of LANGUAGES)
      for (const path of paths) {
        const label = inLanguage(lang, () => fieldLabel(path));
        expect(label, `${lang} ${path}`).not.toBe(inLanguage(lang, () => fieldLabel('payload.somethingNew')));
        expect(label, `${lang} ${path}`).not.toMatch(/\(\s|的此项|条的/);
      }
    expect(fieldLabel('damages.0.area')).toBe('Area (Damage 1)');
    expect(inLanguage('zh-CN', () => fieldLabel('damages.0.area'))).toBe('第 1 条损伤的部位');
  });

  it("the technician's and the desk's checklist boxes left unticked say what to do, in Chinese too", () => {
    // The schemas' own refusals of an empty checklist: the fender covers and the parts read "未被接受，请检查后重试"
    // (not accepted, check and try again) to a Chinese technician, while English had the rule's sentence.
    for (const action of ['start_work', 'complete_work', 'record_pickup'] as const) {
      const refused = ACTIONS[action].payload.safeParse({ checklist: {} });
      expect(refused.success, action).toBe(false);
      const issues = (refused.error?.issues ?? []).filter((i) => i.path[0] === 'checklist');
      expect(issues.length, action).toBeGreaterThan(0);
      for (const issue of issues)
        for (const lang of LANGUAGES) {
          const path = issue.path.join('.');
          const said = inLanguage(lang, () => plainFieldError(path, issue.message));
          expect(said, `${lang} ${path}`).not.toBe(inLanguage(lang, () => t('error.other', { label: fieldLabel(path) })));
          if (lang === 'zh-CN') expect(said, path).not.toMatch(/[A-Za-z]{3}/);
        }
    }
    expect(
      inLanguage('zh-CN', () =>
        plainFieldError('checklist.fenderCovers', 'fit the fender covers before working in the engine bay'),
      ),
    ).toBe('翼子板护垫：请先铺好，再在发动机舱内施工，然后勾选此项。');
  });

  it("names every field of the customer's and the vehicle's file, from the bodies the forms send", () => {
    // Every field filled in: each key the body sends is one the API may refuse and the banner names. The vehicle's
    // record (engine no., colour, warranty months…) read "This field: must be at least 1." at the top of the form.
    const filled = new Proxy({}, { get: () => '1' });
    const generic = (lang: Language) => inLanguage(lang, () => fieldLabel('payload.somethingNew'));
    for (const body of [customerChangeOf(filled), vehicleChangeOf(filled)])
      for (const field of Object.keys(body))
        for (const lang of LANGUAGES)
          expect(
            inLanguage(lang, () => fieldLabel(field)),
            `${lang} ${field}`,
          ).not.toBe(generic(lang));
    expect(inLanguage('zh-CN', () => fieldLabel('warrantyMonths'))).toBe('保修期（月）');
  });

  it('a Chinese refusal carries no English words', () => {
    const messages: [string, string][] = [
      ['requests.0', 'must be at most 500 characters'],
      ['payment.amountCents', 'the invoice total is 26500, not 1250'],
      ['closesAt', 'must be after opensAt'],
      ['consent.spokeWith', 'must not be empty'],
      ['lines', 'Too small: expected array to have >=1 items'],
    ];
    for (const [path, message] of messages)
      expect(inLanguage('zh-CN', () => plainFieldError(path, message))).not.toMatch(/[A-Za-z]{2,}/);
  });

  it("a customer's form was not sent, in the form's own words for its fields", () => {
    const refusal = { status: 400, message: 'Invalid body', fields: { 'customer.phone': 'not a phone number' } };
    const voice = { customer: true, labels: { 'customer.phone': 'Mobile phone' } };
    expect(plainRefusal(refusal, voice)).toBe(
      'Not sent yet. Mobile phone: enter a phone number with its area code (a number abroad starts with + and its country code).',
    );
    expect(plainRefusal(refusal)).toMatch(/^Not recorded\. Phone:/);
  });

  it('an error page says why in plain words, never the API sentence', () => {
    expect(plainPageError(404)).toMatch(/^There is nothing here/);
    expect(inLanguage('zh-CN', () => plainPageError(400))).toBe('此网址不完整或无效。请返回后从相应页面打开。');
    expect(plainPageError(500)).toBe('Something went wrong; try again.');
  });

  it('the banner says what happened and what to do, never the API wording', () => {
    const refused = { status: 409, message: 'The visit is in_repair; record_qc needs quality_check', fields: {} };
    expect(plainRefusal(refused)).toBe(
      'Not recorded. Someone else changed this a moment ago, or it cannot be done at this step. Reload the page and try again.',
    );
    expect(inLanguage('zh-CN', () => plainRefusal({ status: 503, message: 'database unreachable', fields: {} }))).toBe(
      '未保存。系统暂时无法连接，请稍后重试。',
    );
    const duplicate =
      'HH-GL 24 is already booked on 2026-12-03 at 09:00 (repair order 12); tick "book anyway" (confirmDuplicate: true) to book a second visit';
    expect(plainRefusal({ status: 409, message: duplicate, fields: { confirmDuplicate: duplicate } })).toBe(
      'Not recorded. Second booking that day: HH-GL 24 is already booked on 3 Dec 2026 at 09:00 (repair order 12). Tick “Open anyway” for a second visit.',
    );
    // The shop's calendar speaks in its own zone, which may not be the advisor's: the desk is told what, not when.
    const closed = (message: string) => ({ status: 409, message, fields: { confirmClosed: message } });
    const holiday = closed(
      'the shop is closed on 2031-12-25 (Christmas Day); tick "book anyway" (confirmClosed: true) to book it all the same',
    );
    const evening = closed(
      '18:30 is outside the opening hours on 2031-12-26 (08:00–18:00, UTC); tick "book anyway" (confirmClosed: true) to book it all the same',
    );
    expect(plainRefusal(holiday)).toBe(
      'Not recorded. Shop closed: the shop is closed that day (see the calendar). Tick “Book anyway” if this visit is arranged.',
    );
    expect(plainRefusal(evening)).toBe(
      'Not recorded. Shop closed: that time is outside the opening hours (see the calendar). Tick “Book anyway” if this visit is arranged.',
    );
    expect(inLanguage('zh-CN', () => plainRefusal(holiday))).toBe(
      '未保存。非营业时间：本店当天不营业（见营业日历）。如已安排此次来店，请勾选“仍然预约”。',
    );
    expect(inLanguage('zh-CN', () => plainRefusal(evening))).toBe(
      '未保存。非营业时间：该时间不在营业时间内（见营业日历）。如已安排此次来店，请勾选“仍然预约”。',
    );
    // A move (the visit's reschedule) is confirmed with its own box, "move anyway".
    const move = (why: string) => closed(`${why}; tick "move anyway" (confirmClosed: true) to move it all the same`);
    for (const [refusal, en, zh] of [
      [move("the shop is closed on 2032-01-01 (New Year's Day)"), 'the shop is closed that day', '本店当天不营业'],
      [
        move('03:00 is outside the opening hours on 2032-01-02 (08:00–18:00, UTC)'),
        'that time is outside the opening hours',
        '该时间不在营业时间内',
      ],
    ] as const) {
      expect(plainRefusal(refusal)).toBe(
        `Not recorded. Shop closed: ${en} (see the calendar). Tick “Move anyway” if this visit is arranged.`,
      );
      expect(inLanguage('zh-CN', () => plainRefusal(refusal))).toBe(
        `未保存。非营业时间：${zh}（见营业日历）。如已安排此次来店，请勾选“仍然改期”。`,
      );
    }
    // A customer is told where to change the booking already there, next to the plate, in either language.
    const twice = 'this car is already booked that day; to move or cancel that booking, use the link in its confirmation message';
    const voice = { customer: true, labels: { 'vehicle.plate': 'Plate' } };
    expect(plainRefusal({ status: 409, message: twice, fields: { 'vehicle.plate': twice } }, voice)).toBe(
      'Not sent yet. Plate: this car is already booked that day. To move or cancel that booking, use the link in its confirmation message.',
    );
  });

  it('labels a field the catalogue does not know without its path', () => {
    expect(fieldLabel('payload.somethingNew')).toBe('This field');
  });
});

describe("customer messages in the customer's language", () => {
  const payload = { lines: 2, addedCents: 47500, promisedAt: '2026-12-02T16:00:00.000Z', approvalUrl: 'https://x/a?t=1' };
  it('English with the currency and a readable time', () => {
    const { text } = renderMessage('estimate_ready', payload);
    expect(text).toContain('€475.00 before tax');
    expect(text).toContain('2 December 2026 at 16:00 UTC');
    expect(text.endsWith(':\nhttps://x/a?t=1')).toBe(true);
  });
  it('Chinese when the payload carries the language from the file', () => {
    const { subject, text } = renderMessage('estimate_ready', { ...payload, language: 'zh-CN' });
    expect(subject).toBe('您的维修报价已出');
    expect(text).toContain('税前 €475.00');
    expect(text).toContain('2026年12月2日');
    expect(text.endsWith(':\nhttps://x/a?t=1')).toBe(true);
    expect(text).not.toMatch(RAW_TEXT);
  });
  it("amounts in the currency the payload carries from the shop's setting", () => {
    expect(renderMessage('estimate_ready', { ...payload, language: 'zh-CN', currency: 'CNY' }).text).toContain('税前 ¥475.00');
    expect(renderMessage('vehicle_ready', { plate: 'B-1', totalCents: 47500, currency: 'CNY' }).text).toContain('CN¥475.00');
    // A payload written before the setting existed, or naming no currency Intl knows, reads in euros.
    expect(renderMessage('vehicle_ready', { plate: 'B-1', totalCents: 47500, currency: 'XYZ' }).text).toContain('€475.00');
  });
  it("times and days on the shop's clock the payload carries: a Shanghai morning is not the UTC evening before", () => {
    // 07:30 on 1 March 2027 in Shanghai is 23:30 on 28 February in UTC; the message said "28 February 2027 at 23:30 UTC".
    const shanghai = { ...payload, promisedAt: '2027-02-28T23:30:00.000Z', timeZone: 'Asia/Shanghai' };
    expect(renderMessage('estimate_ready', shanghai).text).toContain('ready by 1 March 2027 at 07:30.');
    expect(renderMessage('estimate_ready', { ...shanghai, language: 'zh-CN' }).text).toContain('2027年3月1日 07:30');
    const due = { plate: 'B-1', dueAt: '2027-02-28T23:30:00.000Z', dueMileage: 15000, timeZone: 'Asia/Shanghai' };
    expect(renderMessage('maintenance_due', due).text).toContain('on 1 March 2027 or');
    // A day alone is a calendar day in any zone: a warranty ending on 1 March ends on 1 March in Los Angeles too.
    const warranty = { plate: 'B-1', endsOn: '2027-03-01', timeZone: 'America/Los_Angeles' };
    expect(renderMessage('warranty_expiring', warranty).text).toContain('ends on 1 March 2027.');
    // In Munich on the night the clocks go back: 02:30 the first time round is 00:30 UTC.
    const munich = { ...payload, promisedAt: '2027-10-31T00:30:00.000Z', timeZone: 'Europe/Berlin' };
    expect(renderMessage('estimate_ready', munich).text).toContain('ready by 31 October 2027 at 02:30.');
  });
});
