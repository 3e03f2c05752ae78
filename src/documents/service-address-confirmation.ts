/** 送达地址确认书: postcode, address, phone, e-mail; consent to electronic service; scope. */
import { z } from 'zod';
import { lawsuitOf, ServiceView, serviceView } from './complaint.ts';
import { formatDate } from './format.ts';
import type { DocumentDefinition } from './generate.ts';
import { ProcedureStage, type CaseDocuments } from './input.ts';
import { STAGE_TEXT } from './power-of-attorney.ts';
import { mark } from './views.ts';

const S = z.string();

export const ServiceAddressConfirmationView = z.object({
  party: z.object({ name: S, role: S }),
  service: ServiceView,
  scope: z.array(z.object({ label: S, mark: S })),
  date: S,
});
export type ServiceAddressConfirmationView = z.infer<typeof ServiceAddressConfirmationView>;

function serviceAddressConfirmationView(input: CaseDocuments): ServiceAddressConfirmationView {
  const lawsuit = lawsuitOf(input, '送达地址确认书');
  const scope = lawsuit.serviceAddress?.scope ?? ProcedureStage.options;
  return {
    party: { name: input.lender.name, role: '原告' },
    service: serviceView(input, lawsuit, '送达地址确认书'),
    scope: ProcedureStage.options.map((s) => ({ label: STAGE_TEXT[s], mark: mark(scope.includes(s)) })),
    date: formatDate(lawsuit.filedOn),
  };
}

export const serviceAddressConfirmation: DocumentDefinition<ServiceAddressConfirmationView> = {
  type: 'service_address_confirmation',
  template: 'service_address_confirmation',
  schema: ServiceAddressConfirmationView,
  view: serviceAddressConfirmationView,
  fileName: () => '送达地址确认书',
};
