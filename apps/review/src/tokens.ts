/** Injection token of the review service's validated environment (ReviewEnv). */
export const REVIEW_ENV = Symbol('REVIEW_ENV');
