export const DEFAULT_PAGE = 1;
export const DEFAULT_PER_PAGE = 10;
export const MAX_PER_PAGE = 100;

/**
 * Pagination as the seed did it: invalid or non-positive values fall back to the defaults rather
 * than failing, and `per_page` is capped, so a list request never errors on its paging.
 */
export class PageRequest {
  private constructor(
    readonly page: number,
    readonly perPage: number,
  ) {}

  static from(page?: unknown, perPage?: unknown): PageRequest {
    const p = positiveInteger(page) ?? DEFAULT_PAGE;
    const pp = positiveInteger(perPage) ?? DEFAULT_PER_PAGE;
    return new PageRequest(p, Math.min(pp, MAX_PER_PAGE));
  }

  get offset(): number {
    return (this.page - 1) * this.perPage;
  }

  pagesFor(total: number): number {
    return Math.ceil(total / this.perPage);
  }
}

function positiveInteger(value: unknown): number | null {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) n = Number(value);
  else return null;
  // Beyond this an offset would lose precision; such a page is past the end anyway.
  return Number.isSafeInteger(n) && n > 0 && n <= 1_000_000_000 ? n : null;
}
