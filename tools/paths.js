// tsconfig path aliases → jest moduleNameMapper (one source of truth: tsconfig.base.json).
const path = require('path');
const { paths } = require('../tsconfig.base.json').compilerOptions;

exports.pathsToModuleNameMapper = () => {
  const mapper = {};
  for (const [alias, [target]] of Object.entries(paths)) {
    const escaped = alias.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    mapper[`^${escaped}$`] = path.join(__dirname, '..', target);
  }
  return mapper;
};
