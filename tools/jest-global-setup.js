require('./register');
module.exports = require('../libs/platform/testing/src/global-setup.ts').default;
