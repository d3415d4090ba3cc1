/**
 * Memory and CPU of this process and of the servers it started, read from /proc (Linux only).
 * A server is found as a direct child of this process by its command name; its figures include
 * its own children, if any.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports CPU time in clock ticks; 100 per second on every common kernel configuration. */
const CLOCK_TICKS = 100;

export interface ProcFigures {
  pids: number[];
  /** Resident set size now, MiB (summed over the process tree). */
  rssMiB: number;
  /** Peak resident set size the kernel recorded (VmHWM), MiB (summed; an upper bound for a tree). */
  hwmMiB: number;
  /** User + system CPU time so far, seconds. */
  cpuS: number;
}

interface ProcEntry {
  pid: number;
  ppid: number;
  comm: string;
  cpuTicks: number;
}

function readStat(pid: number): ProcEntry | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name sits in parentheses and may contain spaces: split after the last ')'.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    // After the name: state(0) ppid(1) … utime(11) stime(12).
    return { pid, ppid: Number(fields[1]), comm, cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

function statusKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function allProcesses(): ProcEntry[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => {
      const e = readStat(Number(d));
      return e ? [e] : [];
    });
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

function figures(pids: number[]): ProcFigures {
  let rss = 0;
  let hwm = 0;
  let ticks = 0;
  for (const pid of pids) {
    rss += statusKiB(pid, 'VmRSS');
    hwm += statusKiB(pid, 'VmHWM');
    ticks += readStat(pid)?.cpuTicks ?? 0;
  }
  return { pids, rssMiB: round(rss / 1024), hwmMiB: round(hwm / 1024), cpuS: round(ticks / CLOCK_TICKS, 2) };
}

/**
 * Figures of this process (`self`) and of each direct child whose command name is in `children`
 * (e.g. `temporal`, `ferretdb`), each with its descendants.
 */
export function sampleProcesses(children: Record<string, string>): Record<string, ProcFigures> {
  const procs = allProcesses();
  const tree = (root: number): number[] => {
    const out = [root];
    for (let i = 0; i < out.length; i++) for (const p of procs) if (p.ppid === out[i]) out.push(p.pid);
    return out;
  };
  const result: Record<string, ProcFigures> = { self: figures([process.pid]) };
  for (const [label, comm] of Object.entries(children)) {
    const child = procs.find((p) => p.ppid === process.pid && p.comm === comm);
    result[label] = child ? figures(tree(child.pid)) : { pids: [], rssMiB: 0, hwmMiB: 0, cpuS: 0 };
  }
  return result;
}
