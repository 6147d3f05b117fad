import { fromLocalInput, moneyInput } from '../format.js';
import { choicesFor } from './catalogue-pick.js';
import type { StepForms } from './form-kit.js';
import { encodeLines, LinesEditor } from './lines.js';
import { PromisedAt } from './promise.js';

// The estimate that closes reception (step 2): the lines and the promised delivery time, for the customer to approve.

export const ESTIMATE_FORMS = {
  submit_estimate: {
    primary: (s) => s.stage === 'diagnosis' && !!s.diagnosis,
    Fields: ({ form, ctx }) => (
      <>
        <LinesEditor
          form={form}
          taxRateBasisPoints={ctx.state.taxRateBasisPoints}
          catalogue={choicesFor(ctx.catalogue, ctx.state.vehicle.model)}
          offered={ctx.state.declinedBefore.map((d) => ({
            kind: d.kind,
            description: d.description,
            quantity: String(d.quantity),
            unitPrice: moneyInput(d.unitPriceCents),
            offeredFromLineId: d.lineId,
          }))}
        />
        <PromisedAt form={form} ctx={ctx} />
      </>
    ),
    encode: (v, { tz }) => {
      const l = encodeLines(v);
      return { body: { lines: l.body, promisedAt: fromLocalInput(v.promisedAt ?? '', tz) }, rename: l.rename };
    },
  },
} satisfies StepForms;
