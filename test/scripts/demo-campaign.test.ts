/**
 * `npm run demo` is how a shop's IT person first sees servicelane, so its recall campaign must play through the
 * rules as they stand: the demo signs in one technician (Omar), and a job dispatch gives another is recorded by
 * the foreman for them. Here Omar is not on the rota, so the recall job is always someone else's.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { technicians } from '../../db/schema.js';
import { playCampaign } from '../../scripts/demo/campaigns.js';
import { seedCatalogue } from '../../scripts/demo/catalogue.js';
import { ServicelaneClient } from '../../scripts/demo/client.js';
import { signInDemoStaff } from '../../scripts/demo/day.js';
import { type ServedApp, serveApp } from '../support/browser.js';
import { useTestStack } from '../support/stack.js';

const stack = useTestStack();
let server: ServedApp;
beforeAll(async () => {
  await stack.database.db.insert(technicians).values({ id: 'tech-ivy', name: 'Ivy', skillLevel: 3 });
  server = await serveApp((request) => stack.app.fetch(request));
});
afterAll(async () => server?.close());

it("plays the demo's recall campaign to the first car's completion, its repair taken for the technician it was given to", async () => {
  const api = new ServicelaneClient(server.url);
  await signInDemoStaff(api);
  await seedCatalogue(api);
  const outcome = await playCampaign(api);
  expect(outcome).toMatchObject({ told: 3, onCallList: 3, completed: '1 of 3' });
});
