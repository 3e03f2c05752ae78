import type { Logger } from '../logging/logger.ts';
import type { Principal } from '../db/schema.ts';

/** What middleware puts on each request's context for the handlers after it. */
export interface ApiEnv {
  Variables: {
    requestId: string;
    /** The application logger bound to this request's id. */
    logger: Logger;
    /** Set by the access middleware on every route that needs a token. */
    principal: Principal;
  };
}
