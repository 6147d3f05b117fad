import { clip } from '../domain/text-rules.js';

/**
 * What a failed database call means for whoever retries it. PostgreSQL names every error with a SQLSTATE;
 * its first two characters are the class. A data error (class 22: bad encoding, out of range, invalid text),
 * a broken constraint (23) or a statement the schema does not know (42) fails the same way on every try;
 * a lost connection (08), a server shutting down (57P01), a deadlock (40) or no free connection fails only
 * for a while. Both PostgreSQL drivers (postgres.js and PGlite) put the SQLSTATE in `code`; drizzle wraps
 * their error in its own, whose message holds the query and its parameters, so only the cause is read.
 */
export type DatabaseFailure =
  /** The same statement will be refused again: retrying cannot help, a person must look. */
  | { kind: 'rejected'; sqlstate: string; condition: string; cause: string }
  /** The database is unreachable or shutting down: retry until it is back. */
  | { kind: 'outage' }
  /**
   * The transaction met another's locks (a deadlock, a serialization failure: class 40) and was rolled back whole;
   * the same statements pass when sent again.
   */
  | { kind: 'contention'; cause: string }
  /** Anything else (a lock timeout, a bug in our code): retried, and reported if it goes on. */
  | { kind: 'other'; cause: string };

/** Classes that fail the same statement every time it runs. */
const DETERMINISTIC_CLASSES: Record<string, string> = {
  '21': 'cardinality violation',
  '22': 'data exception',
  '23': 'integrity constraint violation',
  '42': 'syntax error or access rule violation',
  '44': 'check option violation',
  '54': 'program limit exceeded',
};

/** The conditions a record of ours can meet, in plain words; any other code is named by its class. */
const CONDITIONS: Record<string, string> = {
  '22001': 'text too long for its column',
  '22003': 'number out of range for its column',
  '22007': 'invalid date or time',
  '22008': 'date or time out of range',
  '22021': 'character not valid in the database encoding',
  '22P02': 'invalid value for its column type',
  '22P05': 'character the database cannot store',
  '23502': 'required value missing',
  '23503': 'reference to a row that does not exist',
  '23505': 'duplicate key',
  '23514': 'check constraint violated',
  '42703': 'unknown column',
  '42P01': 'unknown table',
};

const OUTAGE_CLASSES = new Set(['08', '53', '57', '58']);

/** Node's socket errors, and postgres.js's own connection states, carry these codes instead of a SQLSTATE. */
const CONNECTION_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

const SQLSTATE = /^[0-9A-Z]{5}$/;

interface DriverError {
  code?: unknown;
  // postgres.js
  table_name?: unknown;
  column_name?: unknown;
  constraint_name?: unknown;
  // PGlite (pg-protocol)
  table?: unknown;
  column?: unknown;
  constraint?: unknown;
  cause?: unknown;
}

const named = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : undefined);

/** The error itself or the first of its causes that carries a code. */
function driverError(err: unknown): DriverError | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const candidate = current as DriverError;
    if (typeof candidate.code === 'string') return candidate;
    current = candidate.cause;
  }
  return undefined;
}

/** An error that is not the database's: its name and first line, never a query or its parameters. */
function plainMessage(err: unknown): string {
  if (!(err instanceof Error)) return 'unknown error';
  let inner: unknown = err;
  while (inner instanceof Error && inner.name === 'DrizzleQueryError' && inner.cause) inner = inner.cause;
  if (!(inner instanceof Error)) return 'unknown error';
  if (inner.name === 'DrizzleQueryError') return 'database query failed';
  return `${inner.name}: ${clip(inner.message.split('\n')[0] ?? '', 200)}`;
}

export function classifyDatabaseError(err: unknown): DatabaseFailure {
  const driver = driverError(err);
  const code = driver?.code as string | undefined;
  if (code && CONNECTION_CODES.has(code)) return { kind: 'outage' };
  if (!driver || !code || !SQLSTATE.test(code)) return { kind: 'other', cause: plainMessage(err) };
  const errorClass = code.slice(0, 2);
  if (OUTAGE_CLASSES.has(errorClass)) return { kind: 'outage' };
  if (errorClass === '40') return { kind: 'contention', cause: `database error SQLSTATE ${code}` };
  const className = DETERMINISTIC_CLASSES[errorClass];
  if (!className) return { kind: 'other', cause: `database error SQLSTATE ${code}` };
  const condition = CONDITIONS[code] ?? className;
  const where = [
    named(driver.table_name ?? driver.table) && `table ${named(driver.table_name ?? driver.table)}`,
    named(driver.column_name ?? driver.column) && `column ${named(driver.column_name ?? driver.column)}`,
    named(driver.constraint_name ?? driver.constraint) && `constraint ${named(driver.constraint_name ?? driver.constraint)}`,
  ].filter(Boolean);
  return {
    kind: 'rejected',
    sqlstate: code,
    condition,
    cause: `${condition} (SQLSTATE ${code}${where.length ? `; ${where.join(', ')}` : ''})`,
  };
}
