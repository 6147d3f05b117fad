import type { Stage } from '../domain/stages.js';
import type { VisitStart } from '../domain/visit.js';

export interface VisitState extends VisitStart {
  stage: Stage;
  openedAt: string;
}
