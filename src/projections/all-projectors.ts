/** Every projector the runtime runs. */
import { usersProjector } from './auth/users.projection.js';
import type { Projector } from './projector.js';

export const allProjectors: readonly Projector[] = [usersProjector];
