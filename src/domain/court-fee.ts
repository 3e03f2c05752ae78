import type { Fen } from './money.ts';

/**
 * Court fees for property cases, 诉讼费用交纳办法 (国务院令第481号).
 *
 * 第13条(一) 案件受理费, cumulative bands over the amount claimed:
 *   ≤ 10,000: 50 yuan flat; 10,000–100,000: 2.5 %; 100,000–200,000: 2 %; 200,000–500,000: 1.5 %;
 *   500,000–1M: 1 %; 1M–2M: 0.9 %; 2M–5M: 0.8 %; 5M–10M: 0.7 %; 10M–20M: 0.6 %; > 20M: 0.5 %.
 * 第15条/第16条: halved for a case closed by mediation or withdrawn, and for simplified procedure.
 * 第14条(一) 申请保全: 30 yuan up to 1,000; 1 % of the part 1,000–100,000; 0.5 % above; at most 5,000.
 *
 * The fee is exact to the fen: each band's share is summed exactly (in hundredths of a fen) and
 * the total is rounded half up once, then halved (half up) where the procedure allows.
 */

/** Upper bound of each band (fen) and its rate in basis points (1/10,000). */
const CASE_BANDS: ReadonlyArray<{ upTo: Fen; basisPoints: number }> = [
  { upTo: 10_000_00, basisPoints: 0 }, // covered by the 50-yuan flat fee
  { upTo: 100_000_00, basisPoints: 250 },
  { upTo: 200_000_00, basisPoints: 200 },
  { upTo: 500_000_00, basisPoints: 150 },
  { upTo: 1_000_000_00, basisPoints: 100 },
  { upTo: 2_000_000_00, basisPoints: 90 },
  { upTo: 5_000_000_00, basisPoints: 80 },
  { upTo: 10_000_000_00, basisPoints: 70 },
  { upTo: 20_000_000_00, basisPoints: 60 },
  { upTo: Number.MAX_SAFE_INTEGER, basisPoints: 50 },
];
const CASE_FLAT_FEN = 50_00;

const PRESERVATION_BANDS: ReadonlyArray<{ upTo: Fen; basisPoints: number }> = [
  { upTo: 1_000_00, basisPoints: 0 }, // covered by the 30-yuan flat fee
  { upTo: 100_000_00, basisPoints: 100 },
  { upTo: Number.MAX_SAFE_INTEGER, basisPoints: 50 },
];
const PRESERVATION_FLAT_FEN = 30_00;
const PRESERVATION_MAX_FEN = 5_000_00;

/** How the case ends or is heard; every one but `ordinary` halves the case fee (第15条, 第16条). */
export type FeeProcedure = 'ordinary' | 'simplified' | 'mediation' | 'withdrawal';

export interface CourtFee {
  /** 案件受理费 under the ordinary procedure. */
  fullFen: Fen;
  /** What is actually payable after halving. */
  payableFen: Fen;
  halved: boolean;
  basis: string;
}

function banded(amountFen: Fen, flatFen: Fen, bands: ReadonlyArray<{ upTo: Fen; basisPoints: number }>): Fen {
  if (!Number.isSafeInteger(amountFen) || amountFen < 0) throw new RangeError('amount must be a non-negative integer of fen');
  // Σ band part × basis points is in 1/10,000 fen; bigint keeps it exact for any amount.
  let tenThousandths = 0n;
  let lower = 0;
  for (const band of bands) {
    if (amountFen <= lower) break;
    const part = Math.min(amountFen, band.upTo) - lower;
    tenThousandths += BigInt(part) * BigInt(band.basisPoints);
    lower = band.upTo;
  }
  const variable = (tenThousandths + 5_000n) / 10_000n; // round half up to the fen
  return flatFen + Number(variable);
}

/** 案件受理费 of a property case claiming `amountFen`. */
export function caseAcceptanceFee(amountFen: Fen, procedure: FeeProcedure = 'ordinary'): CourtFee {
  const fullFen = banded(amountFen, CASE_FLAT_FEN, CASE_BANDS);
  const halved = procedure !== 'ordinary';
  return {
    fullFen,
    payableFen: halved ? Math.floor((fullFen + 1) / 2) : fullFen,
    halved,
    basis: halved
      ? `诉讼费用交纳办法 第13条(一)；${procedure === 'simplified' ? '适用简易程序减半交纳（第16条）' : procedure === 'mediation' ? '调解结案减半交纳（第15条）' : '申请撤诉减半交纳（第15条）'}`
      : '诉讼费用交纳办法 第13条(一)',
  };
}

/** 申请保全措施 fee for property worth `amountFen` (诉讼费用交纳办法 第14条(一)). */
export function preservationFee(amountFen: Fen): Fen {
  return Math.min(PRESERVATION_MAX_FEN, banded(amountFen, PRESERVATION_FLAT_FEN, PRESERVATION_BANDS));
}
