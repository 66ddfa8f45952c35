/** What login and refresh hand back; shaped by the seed's response body. */
export interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly tokenType: 'bearer';
  /** Seconds until the access token expires. */
  readonly expiresIn: number;
}
