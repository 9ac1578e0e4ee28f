import nx from '@nx/eslint-plugin';

const contexts = ['registration', 'identity', 'matching', 'messaging', 'quota', 'complaints', 'reporting', 'gateway', 'operations'];

// Tests may also use the platform's test kit (given/when/then, infra probes).
const boundaries = (tests) => ({
  enforceBuildableLibDependency: false,
  allow: [],
  depConstraints: [
    {
      sourceTag: 'type:domain',
      // Contracts are pure types (they depend on util only): a domain uses the owner's shared vocabulary (OrganisationKind).
      onlyDependOnLibsWithTags: ['type:domain', 'type:util', 'type:contracts', ...(tests ? ['type:testing'] : [])],
      bannedExternalImports: ['@nestjs/*', 'typeorm', 'kafkajs', '@kurrent/*', '@eventstore/*', 'better-sqlite3', 'pg', 'class-validator'],
    },
    { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'], bannedExternalImports: ['@nestjs/*', 'typeorm', 'kafkajs'] },
    { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:util', ...(tests ? ['type:testing'] : [])] },
    { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:platform', 'type:util'] },
    { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:platform', 'type:util', ...(tests ? ['type:testing'] : [])] },
    {
      sourceTag: 'type:application',
      onlyDependOnLibsWithTags: [
        'type:domain',
        'type:contracts',
        'type:application',
        'type:platform',
        'type:util',
        ...(tests ? ['type:testing'] : []),
      ],
    },
    {
      sourceTag: 'type:app',
      onlyDependOnLibsWithTags: ['type:application', 'type:contracts', 'type:platform', 'type:util', ...(tests ? ['type:testing'] : [])],
    },
    { sourceTag: 'scope:platform', onlyDependOnLibsWithTags: ['scope:platform'] },
    { sourceTag: 'scope:launcher', onlyDependOnLibsWithTags: ['*'] },
    // The ops app composes every service's definition (like the launcher); its logic, scope:operations, sees only platform and contracts.
    { sourceTag: 'scope:ops', onlyDependOnLibsWithTags: ['*'] },
    // The registration app hosts identity in its process: it composes the two application libs
    // (RegistrationServiceModule.register(infra, [identityMount])), which see each other only through contracts.
    {
      sourceTag: 'scope:registration-host',
      onlyDependOnLibsWithTags: ['scope:registration', 'scope:identity', 'scope:platform', 'public:contracts'],
    },
    ...contexts.map((context) => ({
      sourceTag: `scope:${context}`,
      onlyDependOnLibsWithTags: [`scope:${context}`, 'scope:platform', 'public:contracts'],
    })),
  ],
});

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/node_modules', '**/dist', '**/data', '**/.nx', 'deploy/local/.kafka', 'coverage'] },
  {
    files: ['**/*.ts'],
    rules: {
      // ARCHITECTURE: domain depends on nothing but domain and util; a context reaches
      // another only through its contracts; apps are thin shells over application libs.
      '@nx/enforce-module-boundaries': ['error', boundaries(false)],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // ARCHITECTURE: the domain never reads a clock — time arrives in the command. Parsing a given
    // instant (`new Date(at)`) is fine; only the clock reads are refused.
    files: ['libs/*/domain/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'domain code takes time from the command, not from new Date()',
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'domain code takes time from the command, not from Date.now()',
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'bench/**/*.ts', 'e2e/**/*.ts', 'libs/platform/testing/**/*.ts', '**/testing/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaries(true)],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
];
