export interface LegacyHashScheme {
  readonly name: string;
  /** Whether the hash is in this scheme's family (by prefix), readable or not. */
  claims(hash: string): boolean;
  /** Never throws: false for a wrong password and for a hash it cannot read or will not compute. */
  verify(hash: string, plain: string): Promise<boolean>;
}
