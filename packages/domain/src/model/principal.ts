import type { Role } from './role.js';

/** Who is calling, as proven by an access token and confirmed against current state. */
export interface Principal {
  readonly userId: string;
  readonly sessionId: string;
  readonly email: string;
  /** The role stored now, not the one written in the token. */
  readonly role: Role;
}
