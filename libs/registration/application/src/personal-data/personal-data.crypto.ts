/** Crypto-shredding (R-AUD-2) lives in the platform (`@hw/platform/core` sealing.ts), shared with every context that seals seekers' text. */
export { deriveMasterKey, newDataKey, openJson, sealJson, unwrapKey, wrapKey } from '@hw/platform/core';
