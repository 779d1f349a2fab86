import type { StudioAdmission } from '../matchmaker/context.js';
import { AppError } from '../platform/app-error.js';
import type { StudioSeats } from './seats.js';

/**
 * The matchmaker's port onto studio plans: a Parlor user who creates or joins a game of a
 * studio's is recorded as that studio's player (by their Parlor user id) and needs a seat.
 */
export function studioAdmission(seats: StudioSeats, now: () => Date): StudioAdmission {
  return {
    async admit(studioId, userId) {
      const { active } = await seats.record({ studioId, source: 'parlor', externalId: userId }, now());
      if (!active)
        throw new AppError(
          'PLAN_LIMIT_REACHED',
          "This game's studio has reached its plan's player limit; the studio must upgrade its plan before you can play",
        );
    },
  };
}
