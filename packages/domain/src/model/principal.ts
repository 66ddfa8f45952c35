import type { Role } from './role.js';
import type { UserView } from './user.js';

/** Who is calling, as proven by an access token and confirmed against current state. */
export interface Principal {
  readonly userId: string;
  readonly sessionId: string;
  readonly email: string;
  /** The role stored now, not the one written in the token. */
  readonly role: Role;
  /**
   * The account as read for this request, with the session, in one query: what `/me` shows. A
   * snapshot: a use case that changes the account reads it again, locked.
   */
  readonly user: UserView;
}
