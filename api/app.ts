import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { pinoLogger } from 'hono-pino';
import { FRONT_DESK_ROLES } from '../domain/roles.js';
import { log } from '../runtime/log.js';
import { assetUrl } from '../web/assets.js';
import { webRoutes } from '../web/routes/index.js';
import { approvalLinkAuth, bookingLinkAuth, requireRole, staffAuth, surveyLinkAuth } from './auth.js';
import type { ApiDeps, ApiEnv } from './deps.js';
import { serveDocumentation } from './docs.js';
import { AppError, closeAfterAnswer, renderError } from './errors.js';
import { jsonBody } from './json-body.js';
import { wellFormedQuery } from './queries/params.js';
import { customerRateLimit } from './rate-limit.js';
import { actionRoutes } from './routes/actions.js';
import { alertRoutes } from './routes/alerts.js';
import { appointmentRoutes } from './routes/appointments.js';
import { approvalLinkRoutes } from './routes/approval-links.js';
import { approvalRoutes } from './routes/approvals.js';
import { bookingRoutes } from './routes/booking.js';
import { bookingCapacityRoutes } from './routes/booking-capacity.js';
import { calendarRoutes } from './routes/calendar.js';
import { campaignRoutes } from './routes/campaigns.js';
import { catalogueRoutes } from './routes/catalogue.js';
import { complaintRoutes } from './routes/complaints.js';
import { contactListRoutes } from './routes/contact-list.js';
import { customerRoutes } from './routes/customers.js';
import { devTokenRoutes } from './routes/dev-token.js';
import { feedbackRoutes } from './routes/feedback.js';
import { healthRoutes } from './routes/health.js';
import { historyRoutes } from './routes/history.js';
import { hotlineRoutes } from './routes/hotline.js';
import { kpiRoutes } from './routes/kpis.js';
import { nextServiceRoutes } from './routes/next-service.js';
import { partsRoutes } from './routes/parts.js';
import { qcChecklistRoutes } from './routes/qc-checklist.js';
import { staffRoutes } from './routes/staff.js';
import { surveyRoutes } from './routes/surveys.js';
import { taskRoutes } from './routes/tasks.js';
import { technicianRoutes } from './routes/technicians.js';
import { vehicleRoutes } from './routes/vehicles.js';
import { visitListRoutes } from './routes/visit-list.js';
import { visitRoutes } from './routes/visits.js';
import { workshopRoutes } from './routes/workshop.js';
import { type ApiSettings, devSettings, MAX_BODY_BYTES } from './settings.js';
import { temporalDeadline } from './unavailable.js';

// Tokens are credentials: they stay out of the logs, wherever they travel.
const loggableHeaders = ({ authorization: _, cookie: __, ...rest }: Record<string, string>) => rest;
const withoutLinkToken = (path: string) => path.replace(/^\/(approvals|surveys)\/[^/]+/, '/$1/<token>');

/** Without settings the app runs in dev mode (dev secret, dev tokens); `serveApi` passes the configured ones. */
/** Where `webRoutes` is mounted. */
const SCREENS = /^\/app(\/|$)/;

export function createApp(deps: ApiDeps, settings: ApiSettings = devSettings()) {
  const app = new OpenAPIHono<ApiEnv>();
  // Answers are per caller and change from one second to the next: neither a browser nor a proxy may keep them.
  app.use(async (c, next) => {
    await next();
    if (c.res.headers.get('content-type')?.startsWith('application/json')) c.header('cache-control', 'no-store');
  });
  app.use(requestId());
  app.use(
    pinoLogger({
      pino: log,
      http: {
        onReqBindings: (c) => ({
          req: { url: withoutLinkToken(c.req.path), method: c.req.method, headers: loggableHeaders(c.req.header()) },
        }),
        // A refused request is the client's business; only our own failures are errors worth paging on.
        onResLevel: (c) => (c.res.status >= 500 ? 'error' : c.res.status >= 400 ? 'info' : 'debug'),
      },
    }),
  );
  app.use(secureHeaders());
  const apiBodyLimit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => {
      closeAfterAnswer(c);
      throw new AppError('payload_too_large', `Request body exceeds ${MAX_BODY_BYTES} bytes`);
    },
  });
  // The screens bound their bodies themselves, so a person gets the refusal as a page in their language, not as JSON.
  app.use((c, next) => (SCREENS.test(c.req.path) ? next() : apiBodyLimit(c, next)));
  app.use(async (c, next) => {
    c.set('deps', deps);
    c.set('settings', settings);
    await next();
  });
  app.route('/app', webRoutes(app)); // the screens: signed in by cookie, they call this app's own routes in-process
  // Browsers ask for the icon at the root before anyone signs in: it is public, like the screens' own assets.
  app.get('/favicon.ico', (c) => c.redirect(assetUrl('favicon.svg'), 301));
  app.use(temporalDeadline);
  app.use('/approvals/*', customerRateLimit(settings.customerRateLimit));
  app.use('/approvals/:token', approvalLinkAuth);
  app.use('/surveys/*', customerRateLimit(settings.customerRateLimit));
  app.use('/surveys/:token', surveyLinkAuth);
  // Online booking is public too: its slots, the booking and the customer's booking link share one count per address.
  const bookingLimit = customerRateLimit(settings.customerRateLimit);
  app.use((c, next) => (/^\/bookings?(\/|$)/.test(c.req.path) ? bookingLimit(c, next) : next()));
  app.use('/bookings/:token', bookingLinkAuth);
  app.use('/bookings/:token/*', bookingLinkAuth);
  app.use(staffAuth);
  app.use(wellFormedQuery);
  app.use(jsonBody);
  app.post('/visits', requireRole(...FRONT_DESK_ROLES));
  app.post('/appointments', requireRole(...FRONT_DESK_ROLES));
  app.onError(renderError);
  app.notFound((c) => renderError(new AppError('not_found', `No route ${c.req.method} ${c.req.path}`), c));

  if (settings.devTokens) app.route('/', devTokenRoutes);
  app.route('/', actionRoutes);
  app.route('/', approvalLinkRoutes);
  app.route('/', approvalRoutes);

  app.route('/', healthRoutes);
  app.route('/', visitRoutes);
  app.route('/', visitListRoutes);
  app.route('/', historyRoutes);
  app.route('/', appointmentRoutes);
  app.route('/', customerRoutes);
  app.route('/', vehicleRoutes);
  app.route('/', workshopRoutes);
  app.route('/', taskRoutes);
  app.route('/', technicianRoutes);
  app.route('/', staffRoutes);
  app.route('/', complaintRoutes);
  app.route('/', hotlineRoutes);
  app.route('/', kpiRoutes);
  app.route('/', alertRoutes);
  app.route('/', feedbackRoutes);
  app.route('/', surveyRoutes);
  app.route('/', catalogueRoutes);
  app.route('/', qcChecklistRoutes);
  app.route('/', nextServiceRoutes);
  app.route('/', bookingRoutes);
  app.route('/', bookingCapacityRoutes);
  app.route('/', calendarRoutes);
  app.route('/', contactListRoutes);
  app.route('/', partsRoutes);
  app.route('/', campaignRoutes);

  serveDocumentation(app);
  return app;
}
