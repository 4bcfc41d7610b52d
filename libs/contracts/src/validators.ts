import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { creditCodeProblem, isIsoDate, mobilePhoneProblem, projectCodeProblem, residentIdProblem } from '@yichuang/domain';

function fromProblem(name: string, problem: (value: string, args: ValidationArguments) => string | null, options?: ValidationOptions) {
  return (object: object, propertyName: string) => {
    registerDecorator({
      name,
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          return typeof value === 'string' && problem(value, args) === null;
        },
        defaultMessage(args: ValidationArguments) {
          if (typeof args.value !== 'string') return `${args.property} must be a string`;
          return `${args.property}: ${problem(args.value, args) ?? 'invalid'}`;
        },
      },
    });
  };
}

/** GB 11643 resident ID number, check digit included. */
export const IsResidentId = (o?: ValidationOptions) => fromProblem('isResidentId', (v) => residentIdProblem(v), o);

/** GB 32100 unified social credit code, check character included. */
export const IsCreditCode = (o?: ValidationOptions) => fromProblem('isCreditCode', (v) => creditCodeProblem(v), o);

/** Mainland mobile phone number. */
export const IsMobilePhone = (o?: ValidationOptions) => fromProblem('isMobilePhone', (v) => mobilePhoneProblem(v), o);

/** Project code 项目代码 (format only; the check character's algorithm is unpublished). */
export const IsProjectCode = (o?: ValidationOptions) => fromProblem('isProjectCode', (v) => projectCodeProblem(v), o);

/**
 * An applicant's identifier: a resident ID number for a person, a unified social credit code for an
 * enterprise (decided by the sibling `kind` field).
 */
export const IsApplicantIdNumber = (o?: ValidationOptions) =>
  fromProblem(
    'isApplicantIdNumber',
    (v, args) => {
      const kind = (args.object as { kind?: string }).kind;
      if (kind === 'enterprise') return creditCodeProblem(v);
      if (kind === 'person') return residentIdProblem(v);
      return 'cannot be checked until kind is enterprise or person';
    },
    o,
  );

/** A field only an enterprise applicant may have (the sibling `kind` must be `enterprise`), e.g. its legal representative. */
export const IsOnlyForEnterprise = (o?: ValidationOptions) =>
  fromAny(
    'isOnlyForEnterprise',
    (_v, args) => ((args.object as { kind?: string }).kind === 'enterprise' ? null : 'only an enterprise applicant has a legal representative'),
    o,
  );

function fromAny(name: string, problem: (value: unknown, args: ValidationArguments) => string | null, options?: ValidationOptions) {
  return (object: object, propertyName: string) => {
    registerDecorator({
      name,
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => problem(value, args) === null,
        defaultMessage: (args: ValidationArguments) => `${args.property}: ${problem(args.value, args) ?? 'invalid'}`,
      },
    });
  };
}

/** A real calendar date written `YYYY-MM-DD` (2026-02-30 is refused). */
export const IsCalendarDate = (o?: ValidationOptions) =>
  fromProblem('isCalendarDate', (v) => (isIsoDate(v) ? null : `${v} is not a real date written YYYY-MM-DD`), o);
