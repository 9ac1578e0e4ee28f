// Runs TypeScript sources directly: SWC transpiles with decorator metadata
// (Nest's DI and ValidationPipe need it; esbuild-based loaders drop it) and
// resolves the tsconfig path aliases (@hw/...).
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || require('path').join(__dirname, '..', 'tsconfig.base.json');
require('@swc-node/register');
