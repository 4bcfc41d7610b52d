export const CERTIFICATE_ENV = Symbol('CERTIFICATE_ENV');
