/**
 * 催收记录: every contact with the borrower (time in China time, channel, outcome, collector) and
 * the demands delivered (date, channel, tracking number). Notes and contact details are left out:
 * the sheet proves the demands, it prints only what that needs.
 */
import { z } from 'zod';
import { formatDate } from '../format.ts';
import type { DeliveredDemand, ExhibitDocument, ExhibitSource } from './source.ts';
import type { ContactChannel } from '../../domain/evidence.ts';

const S = z.string();

const CHANNEL_TEXT: Record<ContactChannel, string> = {
  phone: '电话',
  sms: '短信',
  email: '电子邮件',
  letter: '信函',
  visit: '上门',
  app: 'App站内信',
};

const DELIVERY_CHANNEL_TEXT: Record<DeliveredDemand['channel'], string> = {
  ems: '中国邮政EMS',
  email: '电子邮件',
  sms: '短信',
  in_person: '当面送达',
  app: 'App站内信',
};

export const ContactRecordView = z.object({
  lender: z.object({ name: S }),
  borrower: z.object({ name: S }),
  contract: z.object({ title: S, number: S }),
  contacts: z.array(z.object({ index: S, time: S, channel: S, outcome: S, collector: S })),
  noContacts: z.boolean(),
  count: S,
  demands: z.array(z.object({ index: S, issuedOn: S, deliveredAt: S, channel: S, trackingNumber: S })),
  hasDemands: z.boolean(),
  date: S,
});
export type ContactRecordView = z.infer<typeof ContactRecordView>;

/** "2024-05-06 09:30" in China time (UTC+8, no daylight saving). */
function chinaTime(instant: string): string {
  const t = new Date(Date.parse(instant) + 8 * 3600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}

function contactRecordView(source: ExhibitSource): ContactRecordView {
  const contacts = [...source.contacts].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
  const demands = [...source.demands].sort((a, b) => (a.deliveredAt < b.deliveredAt ? -1 : a.deliveredAt > b.deliveredAt ? 1 : 0));
  return {
    lender: { name: source.lenderName },
    borrower: { name: source.loan.borrower.name },
    contract: { title: source.contractTitle, number: source.loan.contract.number },
    contacts: contacts.map((c, i) => ({ index: String(i + 1), time: chinaTime(c.occurredAt), channel: CHANNEL_TEXT[c.channel], outcome: c.outcome, collector: c.collector ?? '—' })),
    noContacts: contacts.length === 0,
    count: String(contacts.length),
    demands: demands.map((d, i) => ({
      index: String(i + 1),
      issuedOn: d.issuedOn ?? '—',
      deliveredAt: d.deliveredAt,
      channel: DELIVERY_CHANNEL_TEXT[d.channel] ?? String(d.channel),
      trackingNumber: d.trackingNumber ?? '—',
    })),
    hasDemands: demands.length > 0,
    date: formatDate(source.asOf),
  };
}

export const contactRecord: ExhibitDocument<ContactRecordView> = {
  kind: 'contact_record',
  template: 'exhibit_contact_record',
  schema: ContactRecordView,
  view: contactRecordView,
};
