import { Injectable, type PipeTransform } from '@nestjs/common';
import { AppError, CASE_NO_PATTERN, EXCHANGE_ITEM_ID } from '@yichuang/contracts';
import { createValidationPipe } from '@yichuang/platform';

export const httpValidationPipe = () => createValidationPipe((e) => e);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that must be a UUID: anything else is a 404 (there is no such thing), not a crash. */
@Injectable()
export class UuidParam implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) throw AppError.notFound('resource');
    return value;
  }
}

/** A provincial exchange record's id (`<event id>:<counterpart>`): anything else is a 404. */
@Injectable()
export class ExchangeItemParam implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!EXCHANGE_ITEM_ID.test(value)) throw AppError.notFound('exchange record');
    return value;
  }
}

@Injectable()
export class CaseNoParam implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!CASE_NO_PATTERN.test(value)) throw AppError.notFound('case');
    return value;
  }
}

/** A rating link's token (base64url, 16–200 characters): anything else is no such link (404). */
@Injectable()
export class RatingTokenParam implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^[A-Za-z0-9_-]{16,200}$/.test(value)) throw AppError.notFound('rating link');
    return value;
  }
}
