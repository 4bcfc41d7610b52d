import type { Actor, ApplicantSnapshot, ApplicationView } from '@yichuang/contracts';
import { maskIdNumber, maskPhone } from '@yichuang/domain';

/**
 * Personal data in answers, by role (minimum necessary, PIPL art. 6; the table in docs/architecture.md, "Who may do
 * what"): only the window clerk who handles an application, and who must phone the applicant, sees its ID numbers
 * and phones in full; everyone else (a supervisor above all) sees them masked (libs/domain masking: `138****5678`,
 * `4115**********1234`). Answers about cases, consultations, messages and shipments are masked for every role.
 */
export function seesFullPersonalData(actor: Actor | undefined): boolean {
  return actor?.roles.includes('clerk') === true;
}

export function maskApplicant(a: ApplicantSnapshot): ApplicantSnapshot {
  return {
    ...a,
    idNumber: maskIdNumber(a.idNumber),
    phone: maskPhone(a.phone),
    ...(a.legalRepresentative ? { legalRepresentative: { ...a.legalRepresentative, idNumber: maskIdNumber(a.legalRepresentative.idNumber) } } : {}),
    ...(a.contact ? { contact: { ...a.contact, idNumber: maskIdNumber(a.contact.idNumber), phone: maskPhone(a.contact.phone) } } : {}),
  };
}

/** An application as someone who does not handle it sees it: the applicant and the mail recipient's phone masked. */
export function maskApplication(a: ApplicationView): ApplicationView {
  return {
    ...a,
    applicant: maskApplicant(a.applicant),
    ...(a.delivery ? { delivery: { ...a.delivery, ...(a.delivery.phone ? { phone: maskPhone(a.delivery.phone) } : {}) } } : {}),
  };
}
