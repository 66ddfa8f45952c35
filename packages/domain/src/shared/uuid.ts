const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Ids are UUIDs. Anything else can match no row, and checking here keeps garbage away from
 * databases whose uuid columns would reject it with an error rather than "not found".
 */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
