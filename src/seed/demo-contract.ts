import type { DocumentModel, Run } from '../documents/model.ts';
import type { LoanSnapshot } from '../domain/loan-snapshot.ts';
import { amountInWords, formatYuanGrouped, parseYuan } from '../domain/money.ts';
import { formatPercent, parseRate } from '../domain/rate.ts';
import type { DemoLender } from './demo-data.ts';

const methodNames = {
  equal_installment: '等额本息',
  equal_principal: '等额本金',
  bullet: '到期一次性还本付息',
  interest_first: '按月付息、到期还本',
} as const;

const text = (value: string): Run[] => [{ text: value }];
const paragraph = (value: string) => ({ kind: 'paragraph' as const, runs: text(value), align: 'justify' as const, indent: true });

/**
 * The signed loan contract of a demo loan: stands in for the PDF a lender uploads, so that demo
 * cases have a contract exhibit. Built straight as a document model (it is demo data, not one of
 * the service's own documents, so it has no template).
 */
export function demoContractModel(loan: LoanSnapshot, lender: DemoLender): DocumentModel {
  const { contract, borrower } = loan;
  const principal = parseYuan(contract.principal);
  const schedule = loan.schedule.map((entry) => [
    text(String(entry.period)),
    text(entry.dueDate),
    text(formatYuanGrouped(parseYuan(entry.principal))),
    text(formatYuanGrouped(parseYuan(entry.interest))),
  ]);
  return {
    template: { name: 'demo_loan_contract', version: '1' },
    title: '个人消费贷款合同',
    blocks: [
      { kind: 'letterhead', name: text(lender.name), lines: [text(lender.domicile)] },
      { kind: 'heading', level: 1, runs: text('个人消费贷款合同'), align: 'center' },
      { kind: 'paragraph', runs: text(`合同编号：${contract.number}`), align: 'right', indent: false },
      paragraph(`贷款人（甲方）：${lender.name}，统一社会信用代码：${lender.unifiedSocialCreditCode}，住所：${lender.domicile}。`),
      paragraph(`借款人（乙方）：${borrower.name}，居民身份证号码：${borrower.idNumber}，住址：${borrower.address}，联系电话：${borrower.phone}。`),
      { kind: 'heading', level: 2, runs: text('第一条 借款金额与期限'), align: 'left' },
      paragraph(
        `借款金额为人民币${formatYuanGrouped(principal)}元（${amountInWords(principal)}），期限${contract.termMonths}个月，自${contract.startDate}起至${contract.maturityDate}止。`,
      ),
      { kind: 'heading', level: 2, runs: text('第二条 利率与还款方式'), align: 'left' },
      paragraph(`借款年利率为${formatPercent(parseRate(contract.annualRate))}，还款方式为${methodNames[contract.repaymentMethod]}，按附表还款计划还款。`),
      { kind: 'heading', level: 2, runs: text('第三条 逾期责任'), align: 'left' },
      paragraph(
        `乙方未按期还款的，逾期本金自逾期之日起按借款利率上浮${formatPercent(parseRate(contract.penaltyRateMarkup))}计收罚息${contract.compoundInterest ? '，对未按期支付的利息按罚息利率计收复利' : ''}。` +
          `${contract.accelerationClause ? '乙方逾期还款的，甲方有权宣布全部借款提前到期。' : ''}`,
      ),
      { kind: 'heading', level: 2, runs: text('第四条 争议解决'), align: 'left' },
      paragraph(
        contract.jurisdictionCourt
          ? `因本合同发生的争议，由${contract.jurisdictionCourt}管辖。`
          : '因本合同发生的争议，依法由有管辖权的人民法院管辖。',
      ),
      { kind: 'heading', level: 2, runs: text('第五条 通知与送达'), align: 'left' },
      paragraph('乙方同意以本合同载明的手机号码、电子邮箱及地址接收与本合同有关的通知和法律文书，包括人民法院以电子方式送达的诉讼文书。'),
      { kind: 'heading', level: 2, runs: text('附表：还款计划'), align: 'left' },
      {
        kind: 'table',
        columns: [
          { width: 12, align: 'center' },
          { width: 28, align: 'center' },
          { width: 30, align: 'right' },
          { width: 30, align: 'right' },
        ],
        headerRows: 1,
        rows: [[text('期数'), text('应还日期'), text('应还本金（元）'), text('应还利息（元）')].map((runs) => ({ runs })), ...schedule.map((row) => row.map((runs) => ({ runs })))],
      },
      {
        kind: 'signature',
        lines: [
          text(`甲方：${lender.name}（盖章）`),
          text(`乙方：${borrower.name}（${contract.onlineSigned ? '电子签名' : '签字'}）`),
          text(`签订日期：${contract.signedAt}${contract.signedPlace ? `　签订地点：${contract.signedPlace}` : ''}`),
        ],
      },
    ],
  };
}

/** The copy of a demo lender's business licence (营业执照（副本）), as a lender would upload it. */
export function demoBusinessLicenceModel(lender: DemoLender): DocumentModel {
  return {
    template: { name: 'demo_business_licence', version: '1' },
    title: '营业执照（副本）',
    blocks: [
      { kind: 'heading', level: 1, runs: text('营业执照（副本）'), align: 'center' },
      paragraph(`统一社会信用代码：${lender.unifiedSocialCreditCode}`),
      paragraph(`名称：${lender.name}`),
      paragraph('类型：其他有限责任公司'),
      paragraph(`法定代表人：${lender.legalRepresentative}`),
      paragraph(`住所：${lender.domicile}`),
      paragraph('经营范围：发放个人消费贷款（示范数据，非真实企业）。'),
    ],
  };
}
