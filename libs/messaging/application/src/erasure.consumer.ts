import { handlersByType } from '@hw/platform/bus';
import { destroySeekerKey, IntegrationProjection } from '@hw/platform/projections';
import { REGISTRATION_TOPIC, RegistrationIntegrationEvent, SeekerEvents } from '@hw/registration/contracts';
import { MessagingErasedSeeker, MessagingMessage, MessagingThread } from './entities';

/**
 * R-AUD-2 in messaging: on `registration.SeekerErased.v1` the seeker's key is destroyed — every
 * body sealed under it, both directions, in the log, its replays and backups and the read model,
 * is unreadable from then on — and the seeker's threads leave every organisation's view (rows
 * deleted; the seeker is recorded as erased so a rebuild does not bring them back into view).
 * The events stay, so counts stay: the daily quota (R-MSG-2) and reports count events, not text.
 */
export const erasureConsumer: IntegrationProjection = {
  name: 'messaging-erasure',
  topics: [REGISTRATION_TOPIC],
  handle: handlersByType<RegistrationIntegrationEvent>()(
    {
      [SeekerEvents.SeekerErased]: async ({ seekerId, erasedAt }, _event, tx) => {
        await tx.getRepository(MessagingErasedSeeker).createQueryBuilder().insert().values({ seekerId, erasedAt }).orIgnore().execute();
        const threads = await tx.getRepository(MessagingThread).find({ where: { seekerId }, select: { threadId: true } });
        for (const { threadId } of threads) await tx.getRepository(MessagingMessage).delete({ threadId });
        await tx.getRepository(MessagingThread).delete({ seekerId });
        await destroySeekerKey(tx, seekerId);
      },
    },
    // Every other registration event: nothing of the seeker's to erase.
    async () => undefined,
  ),
};
