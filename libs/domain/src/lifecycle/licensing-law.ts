/**
 * Time limits the Administrative Licensing Law (行政许可法) fixes itself — not configuration.
 */

/**
 * Art. 32 (4): an incomplete application is told everything to add in ONE notice, on the spot or within five
 * (working) days; if the agency misses that, the application counts as accepted from the day the materials arrived.
 */
export const NOTICE_WORKING_DAYS = 5;

/**
 * Art. 44: a granted licence's result document is issued and delivered (颁发、送达) within ten days of the decision.
 * Counted here as working days (Art. 82), from the day after the decision.
 */
export const DELIVERY_WORKING_DAYS = 10;
