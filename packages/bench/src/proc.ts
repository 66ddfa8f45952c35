/**
 * What the bench reads about a process from Linux's /proc: CPU time (user + system) and resident
 * memory. Read from outside, so the figures are the server's own, not the load generator's.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcStat {
  readonly ppid: number;
  /** user + system CPU time, in clock ticks. */
  readonly ticks: number;
}

/**
 * Parses /proc/<pid>/stat. The command name (field 2) is in parentheses and may itself contain
 * spaces and parentheses, so the fields are counted from the last `)`.
 */
export function parseStat(text: string): ProcStat {
  const end = text.lastIndexOf(')');
  if (end < 0) throw new Error(`not a /proc stat line: ${text.slice(0, 80)}`);
  // After ")": state(3) ppid(4) … utime(14) stime(15); index 0 here is field 3.
  const fields = text
    .slice(end + 1)
    .trim()
    .split(/\s+/);
  const ppid = Number(fields[1]);
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (![ppid, utime, stime].every(Number.isFinite)) throw new Error('malformed /proc stat line');
  return { ppid, ticks: utime + stime };
}

/** VmRSS from /proc/<pid>/status, in bytes; 0 when absent (a zombie has none). */
export function parseVmRss(text: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(text);
  return match === null ? 0 : Number(match[1]) * 1024;
}

let ticksPerSecond: number | undefined;

/** USER_HZ: almost always 100, but asked rather than assumed. */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

function readStat(pid: number): ProcStat | null {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null; // exited meanwhile
  }
}

/** The process and all its descendants (a cluster primary and its workers), by walking ppids. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat === null) continue;
    const list = children.get(stat.ppid) ?? [];
    list.push(Number(name));
    children.set(stat.ppid, list);
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** CPU milliseconds used so far by these processes together. */
export function cpuMs(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) ticks += readStat(pid)?.ticks ?? 0;
  return (ticks * 1000) / clockTicksPerSecond();
}

/** Resident memory of these processes together, in bytes. */
export function rssBytes(pids: readonly number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      total += parseVmRss(readFileSync(`/proc/${pid}/status`, 'utf8'));
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

/** Samples the processes' summed RSS every `intervalMs` until stopped; returns the peak. */
export function sampleRss(pids: readonly number[], intervalMs = 100): { stop(): number } {
  let peak = rssBytes(pids);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssBytes(pids));
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, rssBytes(pids));
    },
  };
}
