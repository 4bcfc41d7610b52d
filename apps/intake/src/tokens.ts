export const INTAKE_ENV = Symbol('INTAKE_ENV');
