/**
 * Rendering an SMS from a template (短信模板): the catalogue (`../templates/template-catalogue.ts`) says which
 * variables a template has and computes their values from the event's data; the body is the administrator's current
 * version (or the catalogue's default); the renderer keeps it within the characters SMS_MAX_SEGMENTS parts hold (long
 * names, project names and document lists are shortened with "…"; the fixed wording, case numbers, dates and phone
 * numbers never are). Pure.
 */
import type { MessageTemplate } from '@yichuang/contracts';
import { maxCharsFor, renderBody, smsLength, type Rendered } from '../templates/render-template.js';
import { ALARM_SIGNATURE, chineseDate, templateSpec, type TemplateContext, type TemplateData } from '../templates/template-catalogue.js';

export { ALARM_SIGNATURE, chineseDate, smsLength };
export type { TemplateContext, TemplateData };

/** The characters of the default SMS_MAX_SEGMENTS (3 parts of 67). */
export const SMS_MAX_CHARS = maxCharsFor(3);

/** Render one SMS with `body` (default: the catalogue's). Pure and total: the same data always gives the same text. */
export function renderMessage<T extends MessageTemplate>(template: T, ctx: TemplateContext, data: TemplateData[T], body?: string, maxChars = SMS_MAX_CHARS): Rendered {
  const spec = templateSpec(template);
  const elastic = new Set(spec.variables.filter((x) => x.elastic).map((x) => x.name));
  return renderBody(body ?? spec.defaultBody, spec.values(ctx, data), elastic, maxChars);
}

/** The text of one SMS with the catalogue's default body. */
export function renderSms<T extends MessageTemplate>(template: T, ctx: TemplateContext, data: TemplateData[T], maxChars = SMS_MAX_CHARS): string {
  return renderMessage(template, ctx, data, undefined, maxChars).text;
}
