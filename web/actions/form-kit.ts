import type { Child } from 'hono/jsx';
import type { NextService } from '../../api/queries/next-service.js';
import type { QcChecklist } from '../../api/queries/qc-checklist.js';
import type { ActionName } from '../../domain/actions.js';
import type { AwayToday } from '../../domain/assignment-rules.js';
import type { PromiseMove } from '../../domain/calendar-rules.js';
import type { DispatchProposal } from '../../domain/dispatch.js';
import type { StaffRole } from '../../domain/roles.js';
import type { VisitShown } from '../../domain/visit-state.js';
import type { FormValues, FormView } from '../forms.js';
import type { Key } from '../i18n/index.js';
import type { PriceList } from '../pages/prices.js';

// What every step's action forms are made of: the context a form is drawn in, and what a form declares.

export interface Technician {
  id: string;
  name: string;
  skillLevel: number;
  loadHours: number;
  /** Why they do not work today (domain/assignment-rules.ts `awayToday`); null or absent: they do. */
  awayToday?: AwayToday | null;
}

/** The workshop plan's word on this visit (web/pages/workshop/plan.ts `planForecast`). */
export interface PlanForecast {
  /** The plan version the screen shows: sent with a dispatch so a plan that moved since is not held against it. */
  version: string;
  /** When the plan finishes the visit's work (null: not on anybody's timeline). */
  finishAt: string | null;
  /** Null: no promise, or not planned. */
  meetsPromise: boolean | null;
  /** Who the plan proposes while the job waits for dispatch (null: nobody has the skill; absent: not waiting). */
  proposal?: DispatchProposal | null;
  /** The job waits for parts expected then (absent or null: none awaited, or not waiting for dispatch). */
  partsExpectedAt?: string | null;
}

/** When to promise and why it is not the clock time (a holiday, a closed day, past closing). */
export interface PromiseSuggestion {
  promisedAt: string;
  moved: PromiseMove;
  holiday?: { date: string; note: string };
}

export interface ActionContext {
  state: VisitShown;
  tz: string;
  /** The shop's zone (`SHOP_TIME_ZONE`): the next service is a day on its calendar, as the invoice prints it. */
  shopTz: string;
  staff: { id: string; role: StaffRole; name: string };
  technicians: Technician[];
  plan?: PlanForecast;
  /** The published price list, read while the visit takes estimate lines (web/actions/catalogue-pick.tsx). */
  catalogue?: PriceList;
  /** The maintenance checklist quality control records (`GET /visits/{id}/qc-checklist`), while the visit is in QC. */
  checklist?: QcChecklist['items'];
  /** The shop calendar's promised time for the default lead time (`GET /calendar/promise`), while one is to be promised. */
  promise?: PromiseSuggestion;
  /** The next service the advisor tells the customer (`GET /visits/{id}/next-service`), while the car waits for pickup. */
  nextService?: NextService;
}

interface Encoded {
  body: unknown;
  /** Renames a field path of the body to the input that holds it (rows the form skipped shift the indexes). */
  rename?: (field: string) => string;
}

export interface ActionUi {
  /** The main step of its stage: shown first and open (the plan's word on the visit, where the screen has it). */
  primary?: (s: VisitShown, plan?: PlanForecast) => boolean;
  /**
   * Hidden for a reason of the screen's own; what the workflow itself refuses a visit for hides every form
   * already (domain/precondition-rules.ts).
   */
  hidden?: (s: VisitShown) => boolean;
  danger?: boolean;
  /** Several outcomes of one form, each its own button (`name=value`); else one button with `submit`. */
  submits?: { name: string; value: string; label: Key; danger?: boolean }[];
  Fields?: (p: { form: FormView; ctx: ActionContext }) => Child;
  encode(values: FormValues, ctx: { tz: string; staffId: string }): Encoded;
}

/** The forms of one step of the loop, keyed by the actions of that step. */
export type StepForms = Partial<Record<ActionName, ActionUi>>;

/** Rows of a repeated group (`damages.0.area` …): the filled ones, and the rename from body index to input index. */
export function rows(values: FormValues, prefix: string, keep: (i: number) => boolean) {
  const indexes = [
    ...new Set(
      Object.keys(values)
        .map((k) => k.match(new RegExp(`^${prefix}\\.(\\d+)\\.`))?.[1])
        .filter((i): i is string => i !== undefined)
        .map(Number),
    ),
  ].sort((a, b) => a - b);
  const kept = indexes.filter(keep);
  const rename = (field: string) =>
    field.replace(new RegExp(`^${prefix}\\.(\\d+)`), (whole, j: string) => {
      const i = kept[Number(j)];
      return i === undefined ? whole : `${prefix}.${i}`;
    });
  return { kept, rename };
}

export const filled = (values: FormValues, names: string[]) => names.some((n) => (values[n] ?? '').trim() !== '');

/** Who signs the customer's part of a form: the customer on file. */
export const SIGNED_BY = (s: VisitShown) => s.customer.name;
