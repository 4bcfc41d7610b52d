export const EVALUATION_ENV = Symbol('EVALUATION_ENV');
