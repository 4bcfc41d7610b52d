/**
 * Time limits the Administrative Licensing Law (行政许可法) fixes itself — not configuration.
 */

/**
 * Art. 32 (4): an incomplete application is told everything to add in ONE notice, on the spot or within five
 * (working) days; if the agency misses that, the application counts as accepted from the day the materials arrived.
 */
export const NOTICE_WORKING_DAYS = 5;
