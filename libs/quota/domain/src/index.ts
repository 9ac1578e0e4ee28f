// Japan-time days are platform core's, once for every context (R-MSG-2); re-exported for quota's application code.
export { addDays, daysInclusive, eachDay, isJapanDay } from '@hw/platform/core';
export * from './daily-count';
