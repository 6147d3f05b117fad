/**
 * Starts a Temporal server for the tests (`TestWorkflowEnvironment.createLocal` or `createTimeSkipping`), trying
 * again when it did not answer in time. The SDK's core gives a server it spawns five seconds to answer, a bound it
 * hard-codes (sdk-core `ephemeral_server`, "did not start within 5s"), and kills it when they pass: on two cores
 * already busy with other suites the dev server can take longer to open its SQLite file, and the whole run would
 * stop before its first test. Any other failure is thrown at once.
 */
export async function startEphemeralServer<T>(start: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (err) {
      if (attempt >= attempts || !/did not start within/.test(String(err))) throw err;
      console.warn(`Temporal test server did not start in time (attempt ${attempt} of ${attempts}); starting it again`);
    }
  }
}
