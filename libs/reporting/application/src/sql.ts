/** The platform's one portable-statement helper, under the name reporting's queries use. */
export { runSql as run } from '@hw/platform/projections';
