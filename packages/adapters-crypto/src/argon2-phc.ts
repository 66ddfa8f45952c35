/** The parts of an argon2id PHC string that decide whether it can be verified and must be redone. */
export interface Argon2idPhc {
  readonly version: number;
  readonly memoryCost: number;
  readonly timeCost: number;
  readonly parallelism: number;
  readonly saltLength: number;
  readonly hashLength: number;
}

// Only the variant we produce: a stored argon2i/argon2d hash came from somewhere else and is refused.
// Parameters may come in any order (`m=…,p=…,t=…` is what argon2 0.4x writes); `data=` is never
// written by us, so a hash carrying it is not ours either.
const PHC =
  /^\$argon2id\$v=(\d{1,3})\$([a-z]=\d{1,10}(?:,[a-z]=\d{1,10}){2})\$([A-Za-z0-9+/]{11,128})\$([A-Za-z0-9+/]{11,256})$/;

/** Parses `$argon2id$v=19$m=…,t=…,p=…$salt$hash`; null for anything else. */
export function parseArgon2idPhc(hash: string): Argon2idPhc | null {
  const match = PHC.exec(hash);
  if (match === null) return null;
  const [, version, paramList, salt, digest] = match as unknown as [string, string, string, string, string];
  const params = new Map<string, number>();
  for (const pair of paramList.split(',')) {
    const [key, value] = pair.split('=') as [string, string];
    if (params.has(key)) return null;
    params.set(key, Number(value));
  }
  const memoryCost = params.get('m');
  const timeCost = params.get('t');
  const parallelism = params.get('p');
  if (memoryCost === undefined || timeCost === undefined || parallelism === undefined) return null;
  return {
    version: Number(version),
    memoryCost,
    timeCost,
    parallelism,
    saltLength: base64Length(salt),
    hashLength: base64Length(digest),
  };
}

// Unpadded base64: every 4 characters carry 3 bytes.
const base64Length = (text: string) => Math.floor((text.length * 3) / 4);
