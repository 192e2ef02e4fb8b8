/** The project's own budgets (SPEC 7), checked on bytes by tests and reported by the benchmark scripts. */

/** Each Lambda package: one bundled file, the AWS SDK inside, at most this many bytes unzipped. */
export const PACKAGE_BUDGET_BYTES = 512 * 1024;
