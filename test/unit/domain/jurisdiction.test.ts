import { describe, expect, it } from 'vitest';
import { competentCourt, domicileCourtName } from '../../../src/domain/jurisdiction.ts';

describe('competent court', () => {
  it('takes the contract clause first', () => {
    expect(
      competentCourt({ jurisdictionCourt: '重庆市渝北区人民法院', onlineSigned: true, borrowerAddress: '北京市朝阳区建国路88号', internetCourt: { name: '北京互联网法院' } }),
    ).toEqual({ court: '重庆市渝北区人民法院', basis: 'contract_clause', article: '《中华人民共和国民事诉讼法》第三十五条', address: null });
  });

  it('uses the lender’s internet court for online-signed loans in its city', () => {
    const internetCourt = { name: '杭州互联网法院', city: '杭州市' };
    expect(competentCourt({ onlineSigned: true, borrowerAddress: '浙江省杭州市西湖区文三路100号', internetCourt })).toMatchObject({
      court: '杭州互联网法院',
      basis: 'internet_court',
    });
    // not online-signed, or the borrower lives elsewhere: the domicile court
    expect(competentCourt({ onlineSigned: false, borrowerAddress: '浙江省杭州市西湖区文三路100号', internetCourt }).basis).toBe('borrower_domicile');
    expect(competentCourt({ onlineSigned: true, borrowerAddress: '江苏省南京市鼓楼区中山路1号', internetCourt }).court).toBe('南京市鼓楼区人民法院');
  });

  it('falls back to the borrower’s domicile court with the address', () => {
    expect(competentCourt({ onlineSigned: true, borrowerAddress: '北京市朝阳区建国路88号' })).toEqual({
      court: '北京市朝阳区人民法院',
      basis: 'borrower_domicile',
      article: '《中华人民共和国民事诉讼法》第二十四条',
      address: '北京市朝阳区建国路88号',
    });
  });

  it.each([
    ['浙江省杭州市西湖区文三路100号', '杭州市西湖区人民法院'],
    ['上海市浦东新区世纪大道1号', '上海市浦东新区人民法院'],
    ['浙江省金华市义乌市稠城街道1号', '义乌市人民法院'],
    ['浙江省杭州市淳安县千岛湖镇1号', '淳安县人民法院'],
    ['新疆维吾尔自治区乌鲁木齐市天山区解放北路1号', '乌鲁木齐市天山区人民法院'],
    ['吉林省延边朝鲜族自治州延吉市人民路1号', '延吉市人民法院'],
    ['广东省东莞市南城街道鸿福路1号', null], // a city without districts: a person decides
    ['朝阳区建国路88号', null], // no city: 朝阳区 is ambiguous
  ])('%s → %s', (address, court) => {
    expect(domicileCourtName(address)).toBe(court);
  });
});
