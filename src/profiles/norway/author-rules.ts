/**
 * Norwegian authors: authorInstitution (XON) names the legal entity by organisasjonsnummer and
 * the department by RESH-id; authorPerson and legalAuthenticator (XCN) carry an HPR number.
 * norway-profile.md §2.1, §3.1; ITI TF-3 4.2.3.1.4, 4.2.3.1.8, 4.2.3.1.9.
 */
import type { Xon } from '../../domain/datatypes.js';
import { isIsoOid } from '../../domain/oid.js';
import { authorsOf, persons, type PlacedXcn } from '../metadata-values.js';
import type { ObjectKind } from '../../domain/submission.js';
import type { Finding, ProfileRule, RuleSeverity } from '../types.js';
import { checkHprNumber, checkOrganisationNumber, checkReshId, NO_ID_OID } from '../../domain/norwegian-identifiers.js';

/** An assigning authority as NHN writes it: bare, or with `urn:oid:` (norway-profile.md §2.1). */
export function bareOid(authority: string | undefined): string | undefined {
  return authority?.startsWith('urn:oid:') ? authority.slice(8) : authority;
}

interface PlacedXon { readonly owner: ObjectKind; readonly location: string; readonly xon: Xon }

function institutions(ctx: Parameters<ProfileRule['check']>[0]): PlacedXon[] {
  return authorsOf(ctx.objects).flatMap(({ owner, location, author }) => author.institutions.map((xon) => ({ owner, location, xon })));
}

function xonRule(id: string, summary: string, severity: RuleSeverity, find: (xon: Xon) => string | undefined): ProfileRule {
  return {
    id, summary, defaultSeverity: severity,
    check: (ctx) => institutions(ctx).flatMap(({ owner, location, xon }): Finding[] => {
      const detail = find(xon);
      return detail === undefined ? [] : [{ attribute: 'authorInstitution', owner, location, detail }];
    }),
  };
}

const label = (xon: Xon): string => `"${xon.organizationName}"`;

/** @returns the XON syntax rule: a name, and identifier and OID authority together or not at all. */
export function xonSyntaxRule(severity: RuleSeverity): ProfileRule {
  return xonRule('no.xon.syntax', 'authorInstitution is an XON: name, and identifier with an OID assigning authority', severity, (xon) => {
    const authority = bareOid(xon.assigningAuthority);
    if (!xon.organizationName.trim()) return 'the XON has no organisation name';
    if (xon.organizationIdentifier && !authority) return `${label(xon)} has identifier ${xon.organizationIdentifier} but no assigning authority (XON.6)`;
    if (authority && !xon.organizationIdentifier) return `${label(xon)} has an assigning authority but no identifier (XON.10)`;
    if (authority && !isIsoOid(authority)) return `assigning authority "${xon.assigningAuthority}" of ${label(xon)} is not an OID`;
    return undefined;
  });
}

const INSTITUTION_AUTHORITIES: readonly string[] = [NO_ID_OID.orgnr, NO_ID_OID.resh, NO_ID_OID.altDepartment];

/** @returns the rule that an identified institution uses the orgnr or RESH OID. */
export function institutionAuthorityRule(severity: RuleSeverity): ProfileRule {
  return xonRule('no.author-institution.authority', 'authorInstitution identifiers are organisasjonsnummer or RESH-id', severity, (xon) => {
    const authority = bareOid(xon.assigningAuthority);
    if (!authority || !isIsoOid(authority) || INSTITUTION_AUTHORITIES.includes(authority)) return undefined;
    return `${label(xon)} uses assigning authority ${authority}; expected organisasjonsnummer (${NO_ID_OID.orgnr}) or RESH-id (${NO_ID_OID.resh})`;
  });
}

/** @returns the rule that an organisasjonsnummer has 9 digits and a valid check digit. */
export function organisationNumberRule(severity: RuleSeverity): ProfileRule {
  return xonRule('no.author-institution.orgnr', 'organisasjonsnummer in authorInstitution has 9 digits and a valid modulus-11 check digit', severity, (xon) => {
    if (bareOid(xon.assigningAuthority) !== NO_ID_OID.orgnr || !xon.organizationIdentifier) return undefined;
    const r = checkOrganisationNumber(xon.organizationIdentifier);
    if (r.valid) return undefined;
    return r.problem === 'format'
      ? `organisasjonsnummer ${xon.organizationIdentifier} of ${label(xon)} is not 9 digits`
      : `organisasjonsnummer ${xon.organizationIdentifier} of ${label(xon)} has a wrong check digit`;
  });
}

/** @returns the rule that a RESH-id is a number of at most 9 digits. */
export function reshIdRule(severity: RuleSeverity): ProfileRule {
  return xonRule('no.author-institution.resh', 'RESH-id in authorInstitution is a number of at most 9 digits', severity, (xon) => {
    if (bareOid(xon.assigningAuthority) !== NO_ID_OID.resh || !xon.organizationIdentifier) return undefined;
    return checkReshId(xon.organizationIdentifier).valid ? undefined : `RESH-id ${xon.organizationIdentifier} of ${label(xon)} is not a number of at most 9 digits`;
  });
}

function xcnRule(id: string, summary: string, severity: RuleSeverity, find: (p: PlacedXcn) => string | undefined): ProfileRule {
  return {
    id, summary, defaultSeverity: severity,
    check: ({ objects }) => persons(objects).flatMap((p): Finding[] => {
      const detail = find(p);
      return detail === undefined ? [] : [{ attribute: p.attribute, owner: p.owner, location: p.location, detail }];
    }),
  };
}

/** @returns the XCN syntax rule: an id or a family name, and an OID authority with an id. */
export function xcnSyntaxRule(severity: RuleSeverity): ProfileRule {
  return xcnRule('no.xcn.syntax', 'authorPerson and legalAuthenticator are XCN values: id with OID authority, or a name', severity, ({ xcn }) => {
    const authority = bareOid(xcn.assigningAuthority);
    if (!xcn.idNumber && !xcn.familyName) return 'the XCN has neither an id number nor a family name';
    if (xcn.idNumber && !authority) return `id ${xcn.idNumber} has no assigning authority (XCN.9)`;
    if (authority && !isIsoOid(authority)) return `assigning authority "${xcn.assigningAuthority}" is not an OID`;
    return undefined;
  });
}

/** @returns the rule that identified persons are identified by HPR number. */
export function hprAuthorityRule(severity: RuleSeverity): ProfileRule {
  return xcnRule('no.hpr.authority', 'identified authors and legal authenticators use the HPR-nummer OID', severity, ({ xcn }) => {
    const authority = bareOid(xcn.assigningAuthority);
    if (!xcn.idNumber || !authority || !isIsoOid(authority) || authority === NO_ID_OID.hpr) return undefined;
    return `id ${xcn.idNumber} uses assigning authority ${authority}; expected HPR-nummer (${NO_ID_OID.hpr})`;
  });
}

/** @returns the rule that an HPR number is digits only (at most 9). */
export function hprNumberRule(severity: RuleSeverity): ProfileRule {
  return xcnRule('no.hpr.number', 'HPR numbers are digits only, at most 9', severity, ({ xcn }) => {
    if (bareOid(xcn.assigningAuthority) !== NO_ID_OID.hpr || !xcn.idNumber) return undefined;
    return checkHprNumber(xcn.idNumber).valid ? undefined : `HPR-nummer ${xcn.idNumber} is not a number of at most 9 digits`;
  });
}
