// The zod every schema of the domain is built with: @hono/zod-openapi's, whose patch gives each schema built
// after it the `.openapi()` the API documents it with. A schema is built when its module is imported, which may
// come before the API's first import of that library (a test, a script), so the domain imports it here first.
// Workflows never import this (test/workflows/sandbox.test.ts): the schemas are the API's and the activities'.
export { z } from '@hono/zod-openapi';
