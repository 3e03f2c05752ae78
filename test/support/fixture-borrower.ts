import type { Borrower } from '../../src/domain/loan-snapshot.ts';

/** The borrower of hand-made test and benchmark loans: a valid resident ID (check character X). */
export const fixtureBorrower: Borrower = {
  name: '王芳',
  gender: 'female',
  birthDate: '1949-12-31',
  idType: 'resident_id',
  idNumber: '11010519491231002X',
  phone: '13800138000',
  address: '北京市朝阳区建国路88号',
};
