export { visit } from './visit.js';
