export const ADMIN_ENV = Symbol('ADMIN_ENV');
