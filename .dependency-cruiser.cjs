/**
 * The architecture as a check that can fail (`npm test` runs it): every arrow points down.
 *
 *   cli → api · temporal → case (client, workflow, activities) → documents · db · storage → domain
 *
 * An exception to a rule is written here, in the rule's `pathNot`, with its reason.
 */
/** Code that runs inside Temporal's workflow sandbox: deterministic, no I/O. */
const WORKFLOW_CODE = '^(workflows/|src/case/workflow/|src/batch/workflow/)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No module depends on itself through others.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'workflows-import-only-domain-and-contract',
      severity: 'error',
      comment:
        'Workflow code reaches no I/O: it imports other workflow code, src/domain, the case and batch contracts and the Temporal workflow SDK only.',
      from: { path: WORKFLOW_CODE },
      to: {
        pathNot: [WORKFLOW_CODE, '^src/domain/', '^src/(case|batch)/contract\\.ts$', '(^|/)node_modules/@temporalio/(workflow|common)/'],
      },
    },
    {
      name: 'workflows-no-node-builtins',
      severity: 'error',
      comment: 'Workflow code runs in a sandbox without Node APIs.',
      from: { path: WORKFLOW_CODE },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'domain-imports-nothing-of-ours',
      severity: 'error',
      comment: 'src/domain is pure: it imports only itself (and no I/O library).',
      from: { path: '^src/domain/' },
      to: { pathNot: ['^src/domain/', '(^|/)node_modules/(zod|nzh)/'] },
    },
    {
      name: 'contracts-are-leaves',
      severity: 'error',
      comment: 'A contract (case, batch) imports only the domain, the case contract, and zod and Temporal definition helpers.',
      from: { path: '^src/(case|batch)/contract\\.ts$' },
      to: { pathNot: ['^src/domain/', '^src/case/contract\\.ts$', '(^|/)node_modules/(@temporalio/(workflow|common)|zod)/'] },
    },
    {
      name: 'documents-fetch-nothing',
      severity: 'error',
      comment: 'Documents take data and fetch none: no database, no Temporal, no case code, no API.',
      from: { path: '^src/documents/' },
      to: { path: ['^src/(db|api|case|intake|cli|temporal|auth)/', '(^|/)node_modules/(pg|kysely|@temporalio)/'] },
    },
    {
      name: 'api-starts-and-updates-workflows-only',
      severity: 'error',
      comment: 'The API starts and updates workflows (src/case/client.ts) but never runs their steps: no activities, no workflow code.',
      from: { path: '^src/api/' },
      to: { path: ['^src/case/activities/', '^src/batch/activities\\.ts$', WORKFLOW_CODE] },
    },
    {
      name: 'db-below-everything-but-domain',
      severity: 'error',
      comment: 'The database layer knows only the domain.',
      from: { path: '^src/db/' },
      to: { path: '^src/(api|case|documents|intake|cli|temporal|auth|seed|storage)/' },
    },
    {
      name: 'storage-below-everything-but-domain',
      severity: 'error',
      comment: 'The content store knows nothing above it.',
      from: { path: '^src/storage/' },
      to: { path: '^src/(api|case|documents|intake|cli|temporal|auth|seed|db)/' },
    },
    {
      name: 'intake-below-case-and-api',
      severity: 'error',
      comment: 'Intake validates and stores lender, loan and firm data; it does not know cases or the API.',
      from: { path: '^src/intake/' },
      to: { path: '^src/(api|case|cli|temporal)/' },
    },
    {
      name: 'not-to-tests',
      severity: 'error',
      comment: 'Production code never imports test or benchmark code.',
      from: { path: '^(src|workflows)/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    moduleSystems: ['es6'],
  },
};
