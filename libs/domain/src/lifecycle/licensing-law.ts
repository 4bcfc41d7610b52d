/**
 * Time limits the Administrative Licensing Law (行政许可法) fixes itself — not configuration.
 */

/**
 * Art. 32 (4): an incomplete application is told everything to add in ONE notice, on the spot or within five
 * (working) days; if the agency misses that, the application counts as accepted from the day the materials arrived.
 */
export const NOTICE_WORKING_DAYS = 5;

/**
 * Art. 44: the licence (证照/批文) is issued and delivered within ten days of the decision. The certificate service's
 * delivery clock counts them as working days (Art. 82), from the day after the decision.
 */
export const ISSUE_DAYS = 10;

/**
 * The applicant's remedies against a licensing decision, stated in every written decision (Art. 38): administrative
 * reconsideration within 60 days (行政复议法, 2023 revision, art. 20) and litigation within six months (行政诉讼法
 * art. 46). Who hears them (复议机关, the competent court) is local data, not law.
 */
export const RECONSIDERATION_DAYS = 60;
export const LITIGATION_MONTHS = 6;

/**
 * 告知承诺制: the working days after the grant within which the department checks an applicant's commitment
 * (事后核查). ⚠ local practice (国办发〔2020〕42号 leaves the time to the agencies): one value for the whole hall, printed on
 * the commitment letter and used for the department's follow-up task.
 */
export const COMMITMENT_CHECK_WORKING_DAYS = 20;
