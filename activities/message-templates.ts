// What a customer reads. Templates are named by the workflows; the payload carries the facts. Unknown
// templates still produce a readable message so a new notification is never silently dropped.

export interface RenderedMessage {
  subject: string;
  text: string;
}

const money = (cents: unknown) => (typeof cents === 'number' ? (cents / 100).toFixed(2) : '');
const day = (iso: unknown) => (typeof iso === 'string' ? iso.slice(0, 10) : '');
const time = (iso: unknown) => (typeof iso === 'string' ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '');
const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

type Render = (p: Record<string, unknown>) => RenderedMessage;

/** The approval link on a line of its own with nothing after it, so no phone takes a full stop into the link. */
const link = (p: Record<string, unknown>) => (p.approvalUrl ? `:\n${str(p.approvalUrl)}` : '');

const TEMPLATES: Record<string, Render> = {
  estimate_ready: (p) => ({
    subject: 'Your estimate is ready',
    text: `Your estimate is ready: ${str(p.lines)} item(s), ${money(p.addedCents)} before tax, ready by ${time(p.promisedAt)}. Please approve or decline each item${link(p) || ' with your service advisor.'}`,
  }),
  additional_work_found: (p) => ({
    subject: 'We found additional work on your vehicle',
    text: `While working on your vehicle we found additional work: ${str(p.lines)} item(s), ${money(p.addedCents)} before tax; the new ready time would be ${time(p.promisedAt)}. Nothing is done without your approval${link(p) || '.'}`,
  }),
  promise_revised: (p) => ({
    subject: `A new ready time for ${str(p.plate)}`,
    text: `As agreed with you, your vehicle ${str(p.plate)} will now be ready by ${time(p.promisedAt)}. We are sorry for the change.`,
  }),
  approval_reminder: (p) => ({
    subject: 'Your approval is still needed',
    text: `We are waiting for your decision on the proposed work before we can continue${link(p) || '.'}`,
  }),
  customer_decided: (p) => ({
    subject: `${str(p.customer)} decided (${str(p.plate)})`,
    text: `${str(p.customer)} decided on the ${p.subject === 'additional_work' ? 'additional work' : 'estimate'} for ${str(p.plate)}: ${str(p.approved)} line(s) approved, ${str(p.declined)} declined${p.stillOpen ? '; some lines are still open' : ''}.`,
  }),
  vehicle_ready: (p) => ({
    subject: `${str(p.plate)} is ready for pickup`,
    text: `Your vehicle ${str(p.plate)} is ready for pickup. Amount due: ${money(p.totalCents)}.`,
  }),
  maintenance_due: (p) => ({
    subject: `Maintenance due for ${str(p.plate)}`,
    text: `Your vehicle ${str(p.plate)} is due for its next service on ${day(p.dueAt)} or at ${str(p.dueMileage)} km, whichever comes first. Reply or call us to book a time that suits you.`,
  }),
  complaint_received: (p) => ({
    subject: `We have recorded your complaint (${str(p.reference)})`,
    text: `Thank you for telling us. Your complaint is recorded under ${str(p.reference)}; a named person will contact you by ${time(p.firstResponseDueAt)}.`,
  }),
  complaint_outcome: (p) => ({
    subject: `The outcome of your complaint (${str(p.reference)})`,
    text: `${str(p.explanation)} What we offer: ${str(p.remedy)}.`,
  }),
  rescue_dispatched: (p) => ({
    subject: `Roadside assistance is arranged (${str(p.reference)})`,
    text: `Roadside assistance is arranged for ${str(p.location)}; reference ${str(p.reference)}. We will text you the crew's arrival time.`,
  }),
  rescue_on_the_way: (p) => ({
    subject: 'Roadside assistance is on the way',
    text: `${str(p.crew)} is on the way to ${str(p.location)} and expects to arrive at ${time(p.etaAt)}.`,
  }),
  rescue_delayed: (p) => ({
    subject: 'Roadside assistance is delayed',
    text: `We are sorry: the crew on the way to ${str(p.location)} is late. A manager is on it and will call you with a new arrival time.`,
  }),
};

export function renderMessage(template: string, payload: Record<string, unknown>): RenderedMessage {
  const render = TEMPLATES[template];
  if (render) return render(payload);
  return { subject: template.replaceAll('_', ' '), text: `${template.replaceAll('_', ' ')}: ${JSON.stringify(payload)}` };
}
