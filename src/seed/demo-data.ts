import { addDays, addMonths } from '../domain/calendar.ts';
import type { InterestCapRule } from '../domain/interest-cap.ts';
import type { LoanSnapshot, RepaymentMethod } from '../domain/loan-snapshot.ts';
import { formatYuan, parseYuan } from '../domain/money.ts';
import { residentIdCheckCharacter } from '../domain/resident-id.ts';
import { buildSchedule } from '../domain/schedule.ts';
import { seededRandom } from './seeded-random.ts';

/**
 * Demo data: fictional lenders and law firms (every name carries 示范 so none can be mistaken for
 * a real company), ~50 borrowers with synthetic but valid-format resident IDs, and loans of every
 * repayment method in various states of delinquency. Deterministic: the same seed gives the same
 * data, so demos and screenshots are reproducible.
 */
export interface DemoLender {
  id: string;
  name: string;
  unifiedSocialCreditCode: string;
  domicile: string;
  legalRepresentative: string;
  /** The legal representative's real title (法定代表人 is the role). */
  legalRepresentativeTitle: string;
  /** Customer service. */
  phone: string;
  interestCap: InterestCapRule;
  responseDays: number;
  /** Customer-service phone and postcode printed on the lender's letters. */
  letterhead: { phone: string; postcode: string };
}

export interface DemoLawFirm {
  id: string;
  name: string;
  licenseNumber: string;
  address: string;
  leadLawyer: string;
  phone: string;
  postcode: string;
  email: string;
  /** The lead lawyer first: both are named as agents (执业证号: 17 digits). */
  lawyers: Array<{ name: string; licenseNumber: string; phone: string; email?: string }>;
}

export interface DemoContactRecord {
  channel: 'phone' | 'sms' | 'email' | 'letter' | 'visit' | 'app';
  occurredAt: string;
  outcome: string;
  note?: string;
  collector?: string;
}

export interface DemoLoan {
  id: string;
  snapshot: LoanSnapshot;
  contactRecords: DemoContactRecord[];
}

export interface DemoData {
  lenders: DemoLender[];
  lawFirms: DemoLawFirm[];
  loans: DemoLoan[];
}

/** GB 32100-2015 check character of an 18-character unified social credit code. */
function withCreditCodeCheck(first17: string): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += alphabet.indexOf(first17[i] ?? '0') * (weights[i] ?? 0);
  return first17 + alphabet[(31 - (sum % 31)) % 31];
}

const lenders: DemoLender[] = [
  {
    id: 'lender-xinghe',
    name: '星河示范消费金融有限公司',
    unifiedSocialCreditCode: withCreditCodeCheck('91110105MA01DEM01'),
    domicile: '北京市朝阳区示范路88号星河大厦12层',
    legalRepresentative: '周明远',
    legalRepresentativeTitle: '董事长',
    phone: '400-000-0001',
    interestCap: { rule: 'annual_rate', rate: '0.24' },
    responseDays: 15,
    letterhead: { phone: '400-000-0001', postcode: '100020' },
  },
  {
    id: 'lender-yuanshan',
    name: '远山示范消费金融股份有限公司',
    unifiedSocialCreditCode: withCreditCodeCheck('91310115MA1K00001'),
    domicile: '上海市浦东新区示范大道1000号远山中心20层',
    legalRepresentative: '林静怡',
    legalRepresentativeTitle: '总经理',
    phone: '400-000-0002',
    interestCap: { rule: 'lpr_multiple', multiple: '4', lpr: '0.0345' },
    responseDays: 10,
    letterhead: { phone: '400-000-0002', postcode: '200120' },
  },
];

const lawFirms: DemoLawFirm[] = [
  {
    id: 'firm-mingli',
    name: '明理示范律师事务所',
    licenseNumber: '31110000E00000001K',
    address: '北京市东城区示范胡同6号',
    leadLawyer: '赵子墨',
    phone: '010-65000001',
    postcode: '100010',
    email: 'office@mingli-law.example.cn',
    lawyers: [
      { name: '赵子墨', licenseNumber: '11101201510000001', phone: '13900000001', email: 'zhaozimo@mingli-law.example.cn' },
      { name: '孙悦', licenseNumber: '11101201810000002', phone: '13900000002' },
    ],
  },
  {
    id: 'firm-zhengheng',
    name: '正衡示范律师事务所',
    licenseNumber: '31310000E00000002M',
    address: '上海市黄浦区示范路200号',
    leadLawyer: '钱书宁',
    phone: '021-63000002',
    postcode: '200001',
    email: 'office@zhengheng-law.example.cn',
    lawyers: [
      { name: '钱书宁', licenseNumber: '13101201610000003', phone: '13900000003', email: 'qianshuning@zhengheng-law.example.cn' },
      { name: '李安', licenseNumber: '13101201910000004', phone: '13900000004' },
    ],
  },
];

/** Districts whose code, address and court match, so jurisdiction by domicile resolves to a real-looking court. */
const districts = [
  { code: '110105', address: '北京市朝阳区建国路' },
  { code: '110108', address: '北京市海淀区中关村大街' },
  { code: '310115', address: '上海市浦东新区张杨路' },
  { code: '440305', address: '广东省深圳市南山区科技园路' },
  { code: '330106', address: '浙江省杭州市西湖区文三路' },
  { code: '510107', address: '四川省成都市武侯区人民南路' },
];

const surnames = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const givenNames = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞'];
/** Names with rare characters (CJK extension B and beyond) that documents must render. */
const rareNames = ['𠮷祥', '王䶮', '李堃', '陈喆', '周赟'];
const methods: RepaymentMethod[] = ['equal_installment', 'equal_principal', 'bullet', 'interest_first'];
const outcomes = ['无人接听', '承诺还款未履行', '称经济困难', '拒绝沟通', '已发送还款提醒', '号码停机'];

export function demoData(options: { count?: number; today: string; seed?: number }): DemoData {
  const next = seededRandom(options.seed ?? 20261122);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const loans: DemoLoan[] = [];
  const count = options.count ?? 50;

  for (let i = 0; i < count; i++) {
    const lender = lenders[i % lenders.length] as DemoLender;
    const method = methods[i % methods.length] as RepaymentMethod;
    const district = pick(districts);
    const gender = i % 2 === 0 ? 'male' : 'female';
    const birthYear = 1970 + Math.floor(next() * 30);
    const birthDate = `${birthYear}-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`;
    // Sequence digits: odd for men, even for women (GB 11643).
    const sequence = String(100 + Math.floor(next() * 400) * 2 + (gender === 'male' ? 1 : 0)).padStart(3, '0').slice(-3);
    const first17 = `${district.code}${birthDate.replaceAll('-', '')}${sequence}`;
    const idNumber = first17 + residentIdCheckCharacter(first17);
    const name = i < rareNames.length ? (rareNames[i] as string) : pick(surnames) + pick(givenNames);

    const termMonths = method === 'bullet' ? pick([3, 6, 12]) : pick([6, 12, 24, 36]);
    const principalFen = (5_000 + Math.floor(next() * 195) * 1_000) * 100;
    const annualRate = pick(['0.0720', '0.1080', '0.1440', '0.1800', '0.2160', '0.2400']);
    // Start between 6 and 40 months ago, so loans range from just overdue to long past maturity.
    const startDate = addMonths(options.today, -(6 + Math.floor(next() * 34)));
    const signedAt = addDays(startDate, -1);
    const schedule = buildSchedule(method, principalFen, annualRate, termMonths, startDate);
    const due = schedule.filter((entry) => entry.dueDate <= options.today);
    // Every tenth borrower is up to date; the others paid a few instalments or none, a few paid one partly.
    const paidPeriods = i % 10 === 9 ? due.length : Math.floor(next() * Math.max(1, due.length));
    const payments = due.slice(0, paidPeriods).map((entry) => ({
      paidAt: addDays(entry.dueDate, Math.floor(next() * 5) - 2),
      amount: formatYuan(parseYuan(entry.principal) + parseYuan(entry.interest)),
    }));
    const partly = due[paidPeriods];
    if (partly && next() < 0.3) {
      const owed = parseYuan(partly.principal) + parseYuan(partly.interest);
      payments.push({ paidAt: addDays(partly.dueDate, 3), amount: formatYuan(Math.floor(owed / 2)) });
    }
    const lastDue = schedule[schedule.length - 1]!.dueDate;
    const snapshot: LoanSnapshot = {
      lenderId: lender.id,
      borrower: {
        name,
        gender,
        birthDate,
        idType: 'resident_id',
        idNumber,
        phone: `13${String(800000000 + i * 7919).slice(0, 9)}`,
        address: `${district.address}${10 + i}号${1 + (i % 9)}单元${100 + i}室`,
        ethnicity: '汉族',
        ...(i % 3 === 0 ? { email: `borrower${i + 1}@example.com` } : {}),
      },
      contract: {
        number: `${lender.id === 'lender-xinghe' ? 'XH' : 'YS'}-${startDate.slice(0, 4)}-${String(100001 + i)}`,
        signedAt,
        ...(i % 2 === 0 ? { signedPlace: lender.domicile.slice(0, 6) } : {}),
        principal: formatYuan(principalFen),
        annualRate,
        penaltyRateMarkup: pick(['0.3', '0.5']),
        compoundInterest: i % 3 !== 1,
        termMonths,
        startDate,
        maturityDate: lastDue,
        repaymentMethod: method,
        ...(i % 4 === 0 ? { jurisdictionCourt: lender.id === 'lender-xinghe' ? '北京市朝阳区人民法院' : '上海市浦东新区人民法院' } : {}),
        onlineSigned: i % 2 === 1,
        accelerationClause: true,
        // The title and articles of the demo contract (src/seed/demo-contract.ts) as printed.
        title: '个人消费贷款合同',
        clauses: {
          interest: '第二条',
          penalty: '第三条',
          compound: '第三条',
          acceleration: '第三条',
          ...(i % 4 === 0 ? { jurisdiction: '第四条' } : {}),
          electronicService: '第五条',
        },
      },
      disbursement: { date: startDate, amount: formatYuan(principalFen) },
      schedule,
      payments,
    };
    const firstMissed = due[paidPeriods];
    const contactRecords: DemoContactRecord[] = firstMissed
      ? Array.from({ length: 2 + Math.floor(next() * 5) }, (_, k) => ({
          channel: pick(['phone', 'sms', 'phone', 'app', 'letter'] as const),
          occurredAt: `${addDays(firstMissed.dueDate, 1 + k * 9)}T${String(9 + (k % 8)).padStart(2, '0')}:30:00+08:00`,
          outcome: pick(outcomes),
          collector: `催收员${String(1 + (i % 12)).padStart(2, '0')}`,
        })).filter((record) => record.occurredAt.slice(0, 10) < options.today)
      : [];
    loans.push({ id: `loan-${String(i + 1).padStart(4, '0')}`, snapshot, contactRecords });
  }
  return { lenders, lawFirms, loans };
}
