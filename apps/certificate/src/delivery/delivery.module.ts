import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { CertificateEnv } from '../config.js';
import { DeliveryAlarmsNats } from '../deadline/alarms.nats.js';
import { DeliveryAlarmsRepository } from '../deadline/delivery-alarms.repository.js';
import { DeliveryClocksRepository } from '../deadline/delivery-clocks.repository.js';
import { DeliverySweep } from '../deadline/delivery-sweep.js';
import { SweepDeliveryClocks } from '../deadline/sweep-delivery-clocks.js';
import { ApplyTracking } from '../mailing/apply-tracking.js';
import { DevEmsProvider } from '../mailing/dev-ems-provider.js';
import { DispatchShipment } from '../mailing/dispatch-shipment.js';
import { EmsProvider } from '../mailing/ems-provider.js';
import { HttpEmsProvider } from '../mailing/http-ems-provider.js';
import { MailAsChosen } from '../mailing/mail-as-chosen.js';
import { MailingNats } from '../mailing/mailing.nats.js';
import { MailingSweep } from '../mailing/mailing-sweep.js';
import { ReceiveWebhook } from '../mailing/receive-webhook.js';
import { RequestMailing } from '../mailing/request-mailing.js';
import { ShipmentDesk } from '../mailing/shipment-desk.js';
import { ShipmentsRepository } from '../mailing/shipments.repository.js';
import { AuthorisationsRepository } from '../pickup/authorisations.repository.js';
import { HandOver } from '../pickup/hand-over.js';
import { HandoversRepository } from '../pickup/handovers.repository.js';
import { PickupNats } from '../pickup/pickup.nats.js';
import { RecordAuthorisation } from '../pickup/record-authorisation.js';
import { ListWaiting } from '../waiting/list-waiting.js';
import { RemindWaiting } from '../waiting/remind-waiting.js';
import { WaitingNats } from '../waiting/waiting.nats.js';
import { WaitingRepository } from '../waiting/waiting.repository.js';
import { CaseDeliveryRepository } from './case-delivery.repository.js';
import { DecisionsHandler } from './decisions.handler.js';
import { DELIVERY_SETTINGS, type DeliverySettings } from './settings.js';
import { RenderHandoverReceipt } from '../documents/render-handover-receipt.js';
import { CERTIFICATE_ENV } from '../tokens.js';

/**
 * Delivery of result documents (统一窗口出件 → 领证 / 免费寄递): pick-up with a real identity check and its hand-over
 * record (`pickup/`), the pick-up desk and its reminder (`waiting/`), Art. 44's delivery clock (`deadline/`), EMS
 * mailing with tracking (`mailing/`). Its tables are its own (migration Delivery1765700000000); from the issuing
 * code it shares only the `certificate` table's status and the case lock.
 */
@Module({})
export class DeliveryModule {
  static forRoot(env: CertificateEnv): DynamicModule {
    const settings: DeliverySettings = env;
    const provider: Provider = { provide: EmsProvider, useClass: env.EMS_PROVIDER === 'http' ? HttpEmsProvider : DevEmsProvider };
    return {
      module: DeliveryModule,
      controllers: [PickupNats, WaitingNats, DeliveryAlarmsNats, MailingNats],
      providers: [
        { provide: DELIVERY_SETTINGS, useValue: settings },
        { provide: CERTIFICATE_ENV, useValue: env },
        RenderHandoverReceipt,
        provider,
        CaseDeliveryRepository,
        DecisionsHandler,
        AuthorisationsRepository,
        HandoversRepository,
        RecordAuthorisation,
        HandOver,
        WaitingRepository,
        ListWaiting,
        RemindWaiting,
        DeliveryClocksRepository,
        DeliveryAlarmsRepository,
        SweepDeliveryClocks,
        DeliverySweep,
        ShipmentsRepository,
        ShipmentDesk,
        DispatchShipment,
        RequestMailing,
        MailAsChosen,
        ApplyTracking,
        ReceiveWebhook,
        MailingSweep,
      ],
    };
  }
}
