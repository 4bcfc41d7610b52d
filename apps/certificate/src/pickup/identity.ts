import { COLLECT_REFUSAL_TEXT, COLLECTOR_CAPACITY_TEXT, isValidResidentId, normalizeResidentId, type ApplicantKind, type CollectorCapacity, type CollectRefusal } from '@yichuang/domain';

/** The person at the window: the name and resident ID number on the ID card they show. */
export interface Collector {
  name: string;
  idNumber: string;
}

/** The applicant the documents are issued to, and who the application recorded for it. */
export interface Holder {
  kind: ApplicantKind;
  name: string;
  /** resident ID number (person) or unified social credit code (enterprise) */
  idNumber: string;
  legalRepresentative?: { name: string; idNumber: string };
  contact?: { name: string; idNumber: string };
}

/** An authorisation recorded at the window (授权委托). `certificateIds` null: every document of the case. */
export interface RecordedAuthorisation {
  id: string;
  agentName: string;
  agentIdNumber: string;
  certificateIds: string[] | null;
}

export type CollectDecision =
  | { allowed: true; capacity: CollectorCapacity; authorisationId?: string }
  | { allowed: false; refusals: { capacity: CollectorCapacity; reason: CollectRefusal }[] };

/**
 * 领证身份核验: who may take these documents. The collector's resident ID number must be the one on record for a
 * capacity, and their name the name recorded with it:
 * 1. `holder`: a person applicant in person (a person is their own holder; an enterprise is not a person);
 * 2. `legal_representative`: an enterprise's legal representative as recorded on the application;
 * 3. `contact`: the contact person recorded on the application;
 * 4. `authorised_agent`: an agent whose authorisation was recorded at the window for this case, covering every document taken.
 * The first capacity that holds is the one recorded; when none does, each capacity says why not.
 */
export function whoMayCollect(collector: Collector, holder: Holder, authorisations: RecordedAuthorisation[], certificateIds: string[]): CollectDecision {
  const id = normalizeResidentId(collector.idNumber.trim());
  const name = normalizeName(collector.name);
  const refusals: { capacity: CollectorCapacity; reason: CollectRefusal }[] = [];
  const person = (capacity: CollectorCapacity, onRecord: { name: string; idNumber: string } | undefined, none: CollectRefusal, other: CollectRefusal): boolean => {
    if (!onRecord) {
      refusals.push({ capacity, reason: none });
      return false;
    }
    if (normalizeResidentId(onRecord.idNumber.trim()) !== id) {
      refusals.push({ capacity, reason: other });
      return false;
    }
    if (normalizeName(onRecord.name) !== name) {
      refusals.push({ capacity, reason: 'name_mismatch' });
      return false;
    }
    return true;
  };

  if (holder.kind === 'person') {
    if (person('holder', holder, 'not_holder', 'not_holder')) return { allowed: true, capacity: 'holder' };
  } else {
    refusals.push({ capacity: 'holder', reason: 'holder_is_enterprise' });
  }
  if (holder.kind === 'enterprise' || holder.legalRepresentative) {
    if (person('legal_representative', holder.legalRepresentative, 'no_legal_representative', 'not_legal_representative')) return { allowed: true, capacity: 'legal_representative' };
  }
  if (person('contact', holder.contact, 'no_contact', 'not_contact')) return { allowed: true, capacity: 'contact' };

  if (authorisations.length === 0) {
    refusals.push({ capacity: 'authorised_agent', reason: 'no_authorisation' });
    return { allowed: false, refusals };
  }
  const theirs = authorisations.filter((a) => normalizeResidentId(a.agentIdNumber.trim()) === id);
  if (theirs.length === 0) {
    refusals.push({ capacity: 'authorised_agent', reason: 'not_authorised_agent' });
    return { allowed: false, refusals };
  }
  const named = theirs.filter((a) => normalizeName(a.agentName) === name);
  if (named.length === 0) {
    refusals.push({ capacity: 'authorised_agent', reason: 'name_mismatch' });
    return { allowed: false, refusals };
  }
  const covering = named.find((a) => a.certificateIds === null || certificateIds.every((c) => a.certificateIds?.includes(c)));
  if (covering) return { allowed: true, capacity: 'authorised_agent', authorisationId: covering.id };
  refusals.push({ capacity: 'authorised_agent', reason: 'authorisation_out_of_scope' });
  return { allowed: false, refusals };
}

/**
 * The applicant as the certificate row knows it when the application's parties are not known (yet): a resident ID
 * number is a person, anything else an enterprise.
 */
export function holderFromCertificate(name: string, idNumber: string): Holder {
  return { kind: isValidResidentId(idNumber) ? 'person' : 'enterprise', name, idNumber };
}

/** The refusals as error details: exact for programs (`capacity`, `reason`), in Chinese for the clerk (`reasonText`). */
export function refusalDetails(refusals: { capacity: CollectorCapacity; reason: CollectRefusal }[]) {
  return refusals.map((r) => ({
    field: 'collectorIdNumber',
    problem: `not the ${r.capacity.replace(/_/g, ' ')}: ${r.reason.replace(/_/g, ' ')}`,
    capacity: r.capacity,
    reason: r.reason,
    reasonText: `${COLLECTOR_CAPACITY_TEXT[r.capacity]}：${COLLECT_REFUSAL_TEXT[r.reason]}`,
  }));
}

/** Names compare without spaces (全角 too) and with the middle dot of minority names written either way. */
function normalizeName(name: string): string {
  return name.replace(/[\s\u3000]/g, '').replace(/[·•・]/g, '·');
}
