import Table from 'cli-table3';
import type { UserView } from '@codex-auth/domain';

const HEAD = ['ID', 'EMAIL', 'ROLE', 'STATUS', 'CREATED', 'APPROVED'] as const;

/** ISO 8601 UTC to the second: sortable, and what `--json` carries, less the milliseconds. */
function when(at: Date | null): string {
  return at === null ? '-' : `${at.toISOString().slice(0, 19)}Z`;
}

function cells(user: UserView): string[] {
  return [user.id, user.email, user.role, user.status, when(user.createdAt), when(user.approvedAt)];
}

/** cli-table3's cell padding, one space either side; and the column lines, one more than the columns. */
const PADDING = 2;
/** A time wrapped after its date: `2026-12-01T` over `21:56:00Z`. */
const TIME_ON_TWO_LINES = '2000-01-01T'.length;
/** An id on two lines, then on three. */
const ID_ON_TWO_LINES = 18;
const ID_ON_THREE_LINES = 12;
const NARROWEST = 5;
const [ID, EMAIL, , , CREATED, APPROVED] = [0, 1, 2, 3, 4, 5] as const;

/**
 * The content width of each column so that the table fits `columns` characters. Columns give way
 * in the order that keeps the table readable: the id wraps onto two lines, then the times after
 * their date, then the id onto three lines, then the wider of id and email, a character at a time, down to
 * five. Role and status never wrap. A terminal too narrow even for
 * that gets the narrowest table, which it wraps itself.
 */
export function fitColumns(natural: readonly number[], columns: number): number[] {
  const widths = [...natural];
  const over = () => widths.reduce((sum, w) => sum + w + PADDING, 0) + widths.length + 1 - columns;
  const shrink = (column: number, floor: number) => {
    widths[column] = Math.max(floor, Math.min(widths[column]!, widths[column]! - over()));
  };
  shrink(ID, ID_ON_TWO_LINES);
  for (const time of [CREATED, APPROVED]) {
    if (over() > 0 && widths[time]! > TIME_ON_TWO_LINES) widths[time] = TIME_ON_TWO_LINES;
  }
  if (over() > 0) shrink(ID, ID_ON_THREE_LINES);
  while (over() > 0) {
    const column = widths[EMAIL]! > widths[ID]! ? EMAIL : ID;
    if (widths[column]! <= NARROWEST) break;
    widths[column] = widths[column]! - 1;
  }
  return widths;
}

/** A boxed table for people at a terminal, as wide as the terminal at most (80 when it does not say). */
export function boxedTable(users: readonly UserView[], columns = 80): string {
  const rows = users.map(cells);
  const natural = HEAD.map((head, i) => Math.max(head.length, ...rows.map((r) => r[i]!.length)));
  const table = new Table({
    head: [...HEAD],
    style: { head: [], border: [] },
    colWidths: fitColumns(natural, columns).map((w) => w + PADDING),
    // Ids, emails and times have no spaces to break at: wrap them at the column's edge.
    wordWrap: true,
    wrapOnWordBoundary: false,
  });
  for (const row of rows) table.push(row);
  return table.toString();
}

/**
 * Columns padded with spaces, one user per line under one header line, no box drawing: what `grep`,
 * `awk` and `sort` expect when the output is piped. Today's rules allow no white space in an email.
 */
export function plainTable(users: readonly UserView[]): string {
  const rows = [[...HEAD], ...users.map(cells)];
  const widths = HEAD.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  '))
    .join('\n');
}
