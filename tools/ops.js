#!/usr/bin/env node
// The package bin of the operator's command line (`hw-ops status`): apps/ops/src/main.ts through SWC.
require('./register.js');
require('../apps/ops/src/main.ts');
