export const EXCHANGE_ENV = Symbol('EXCHANGE_ENV');
