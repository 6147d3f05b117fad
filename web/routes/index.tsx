import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import type { ApiEnv } from '../../api/deps.js';
import { type ApiApp, PageError } from '../api-client.js';
import { serveAsset } from '../assets.js';
import { t } from '../i18n/index.js';
import { homeOf } from '../layout.js';
import { liveEvents } from '../live/stream.js';
import { screenAddress, screenOfPost } from '../screen-address.js';
import { readSession } from '../session.js';
import { approvalScreen } from './approval.js';
import { boardScreen } from './board.js';
import { bookingScreen } from './booking.js';
import { calendarScreen } from './calendar.js';
import { callsScreen } from './calls.js';
import { campaignsScreen } from './campaigns.js';
import { complaintsScreen } from './complaints.js';
import { contactListScreen } from './contact-list.js';
import { customersScreen } from './customers.js';
import { documentsScreen } from './documents.js';
import { feedbackScreen } from './feedback.js';
import { kpisScreen } from './kpis.js';
import { errorPage, formsOnly, requestLanguage, screenBodyLimit, securityHeaders } from './middleware.js';
import { pricesScreen } from './prices.js';
import { signInScreen } from './sign-in.js';
import { staffScreen } from './staff.js';
import { surveyScreen } from './survey.js';
import { techniciansScreen } from './technicians.js';
import { timelineScreen } from './timeline.js';
import { visitsScreen } from './visits.js';
import { workshopScreen } from './workshop.js';

/**
 * The web UI, mounted at /app: one route module per screen beside this file. `api` is the API app itself: every
 * screen reads and acts through its routes, with the staff member's bearer token (or the customer's signed link).
 */
export function webRoutes(api: ApiApp) {
  const web = new Hono<ApiEnv>();

  web.use(securityHeaders);
  web.use(screenAddress);
  web.use(requestLanguage);
  web.use(screenBodyLimit);
  web.use(formsOnly);
  web.use(csrf());
  web.onError(errorPage);

  web.get('/static/:name', (c) => serveAsset(c));
  web.get('/live', liveEvents(api));

  web.get('/', (c) => {
    const session = readSession(c);
    return c.redirect(session ? homeOf(session.staff.role) : '/app/login', 303);
  });

  for (const screen of [
    signInScreen,
    approvalScreen,
    surveyScreen,
    boardScreen,
    visitsScreen,
    documentsScreen,
    timelineScreen,
    customersScreen,
    staffScreen,
    workshopScreen,
    techniciansScreen,
    callsScreen,
    complaintsScreen,
    kpisScreen,
    pricesScreen,
    calendarScreen,
    bookingScreen,
    campaignsScreen,
    contactListScreen,
    feedbackScreen,
  ])
    web.route('/', screen(api));

  web.all('*', (c) => {
    // A form's post address reopened (from the history, a bookmark) leads to the form's screen.
    const screen = c.req.method === 'GET' ? screenOfPost(c.req.path) : undefined;
    if (screen) return c.redirect(screen, 303);
    throw new PageError(404, t('errorPage.noScreen'));
  });

  return web;
}
