// Step 3, diagnosis [S1.3]: the technician's findings (the estimate that follows is in approval.ts).

import { clip } from '../../domain/text-rules.js';
import { nowIso } from '../common.js';
import type { StepActions } from './handler.js';

export const DIAGNOSIS_ACTIONS: StepActions<'record_diagnosis'> = {
  record_diagnosis: {
    async apply(run, payload, actor) {
      const { customerSignature, ...report } = payload;
      run.state.diagnosis = { ...report, signedBy: customerSignature?.signedBy, at: nowIso() };
      await run.event({
        type: 'diagnosed',
        actor,
        lane: 'back_stage',
        summary: `Diagnosis: ${clip(payload.findings, 120)}${payload.roadTest ? ' (road test)' : ''}`,
        data: { ...report, signedBy: customerSignature?.signedBy },
        records: { form: { id: `${run.visitId}:diagnosis:${run.nextId('D')}`, kind: 'diagnosis', data: payload } },
      });
    },
  },
};
