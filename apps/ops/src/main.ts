#!/usr/bin/env node
import 'reflect-metadata';
import { runOps, stderrLogger } from '@hw/operations/application';
import { allDefinitions, platformRevealer } from './services';

// The operator's command line (issue 12): `npm run ops -- <command>`; logic in @hw/operations/application.
stderrLogger();
runOps(process.argv.slice(2), { definitions: allDefinitions, revealer: platformRevealer }).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`ops failed: ${error.name}\n`);
    process.exit(1);
  },
);
