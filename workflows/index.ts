export { campaign } from './campaign.js';
export { complaint } from './complaint.js';
export { kpiReview } from './kpi-review.js';
export { rescue } from './rescue.js';
export { visit } from './visit.js';
export { warrantyNotices } from './warranty-notices.js';
