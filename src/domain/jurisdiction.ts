/**
 * Which court a financial-loan suit goes to.
 *
 * 1. A written jurisdiction clause in the contract (协议管辖, 民事诉讼法 第35条) decides; the
 *    snapshot's `jurisdictionCourt` is taken as that clause (its validity — a court with a real
 *    connection to the dispute, not breaching level or exclusive jurisdiction — is the lender's
 *    representation when it sends the loan).
 * 2. Otherwise, for a loan signed online the lender may have configured an internet court
 *    (最高人民法院关于互联网法院审理案件若干问题的规定 第2条: online-signed, online-performed
 *    financial loans). An internet court only takes cases of its own city, so when the lender names
 *    the city the borrower's address must be in it.
 * 3. Otherwise the defendant's domicile (民事诉讼法 第24条: 被告住所地或者合同履行地). The court's
 *    name is suggested from the address by a simple rule, for a person to confirm:
 *    "<省/自治区>?<市/州/地区/盟><区>…" → "<市><区>人民法院" (district names repeat across cities,
 *    e.g. 朝阳区), "<…><县/旗/县级市>…" → "<县/旗/市>人民法院". An address without a recognisable
 *    city and district yields court = null.
 *    (Place of performance is the alternative: for a money debt the receiving party's location,
 *    i.e. the lender's — 民诉法解释 第18条; the lender can choose it by putting it in the clause.)
 */

export type JurisdictionBasis = 'contract_clause' | 'internet_court' | 'borrower_domicile';

export interface InternetCourtSetting {
  /** e.g. "杭州互联网法院". */
  name: string;
  /** City whose cases it takes, e.g. "杭州市"; when given, the borrower must live there. */
  city?: string;
}

export interface JurisdictionInput {
  jurisdictionCourt?: string | null;
  onlineSigned: boolean;
  borrowerAddress: string;
  internetCourt?: InternetCourtSetting | null;
}

export interface Jurisdiction {
  /** Court name, or null when it could not be derived and a person must choose. */
  court: string | null;
  basis: JurisdictionBasis;
  article: string;
  /** For the borrower's domicile: the address the court comes from. */
  address: string | null;
}

export function competentCourt(input: JurisdictionInput): Jurisdiction {
  const clause = input.jurisdictionCourt?.trim();
  if (clause) return { court: clause, basis: 'contract_clause', article: '《中华人民共和国民事诉讼法》第三十五条', address: null };
  const internet = input.internetCourt;
  if (input.onlineSigned && internet && (!internet.city || input.borrowerAddress.includes(internet.city))) {
    return {
      court: internet.name,
      basis: 'internet_court',
      article: '《最高人民法院关于互联网法院审理案件若干问题的规定》第二条',
      address: null,
    };
  }
  return {
    court: domicileCourtName(input.borrowerAddress),
    basis: 'borrower_domicile',
    article: '《中华人民共和国民事诉讼法》第二十四条',
    address: input.borrowerAddress,
  };
}

const PROVINCE = /^(?:.{2,3}省|.{2,5}?自治区)/;
const CITY = /^.{2,8}?(?:市|自治州|地区|盟)/;
// A district or county name: no street words and no digits, so "南城街道…小区" is not taken for one.
const COUNTY = /^[^街道路巷镇乡村号弄栋\d]{1,8}?(?:区|县|旗|市)/;

/** The basic people's court of an address's district or county, by the rule above; null if unclear. */
export function domicileCourtName(address: string): string | null {
  let rest = address.replace(/\s+/g, '');
  rest = rest.slice(PROVINCE.exec(rest)?.[0].length ?? 0);
  const city = CITY.exec(rest)?.[0];
  if (city === undefined) return null;
  const county = COUNTY.exec(rest.slice(city.length))?.[0];
  if (county === undefined) return null;
  return county.endsWith('区') ? `${city}${county}人民法院` : `${county}人民法院`;
}
