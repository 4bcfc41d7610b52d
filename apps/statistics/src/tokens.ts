export const STATISTICS_ENV = Symbol('STATISTICS_ENV');
