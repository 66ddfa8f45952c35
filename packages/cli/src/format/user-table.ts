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

/** A boxed table for people at a terminal. */
export function boxedTable(users: readonly UserView[]): string {
  const table = new Table({ head: [...HEAD], style: { head: [], border: [] } });
  for (const user of users) table.push(cells(user));
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
