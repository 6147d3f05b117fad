// The entry the worker bundles (runtime/workflow-bundle.ts `workflowsPath`). Every workflow evaluates, in its own
// scope of the sandbox, each module it requires; the bundle's other code is compiled once and shared. So each
// workflow type is a getter that requires its own module on first use: a cached visit holds the visit's modules
// only, never the complaint, rescue or KPI-review code (test/workflows/sandbox.test.ts).
// The same names as workflows/index.ts, which the API and scripts import to start workflows by their function.
Object.defineProperties(exports, {
  visit: { enumerable: true, get: () => require('./visit.js').visit },
  complaint: { enumerable: true, get: () => require('./complaint.js').complaint },
  rescue: { enumerable: true, get: () => require('./rescue.js').rescue },
  kpiReview: { enumerable: true, get: () => require('./kpi-review.js').kpiReview },
  campaign: { enumerable: true, get: () => require('./campaign.js').campaign },
  warrantyNotices: { enumerable: true, get: () => require('./warranty-notices.js').warrantyNotices },
});
