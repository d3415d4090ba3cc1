/** The results of bench/peers/run.ts and their short Markdown summary. */

export interface PeerResult {
  peer: 'bullmq' | 'agenda';
  date: string;
  accounts: number;
  setup: Record<string, unknown> & { loadAvgAtStart: number[]; loadAvgAtDue: number[]; loadAvgAtEnd: number[]; cpus: number; cpuModel: string };
  phases: { registryInsertS: number | null; enqueueS: number | null; enqueuedPerSecond: number; readyBeforeDueS: number | null };
  kill: { atS: number; arrivedBefore: number; restartedAfterS: number } | null;
  lateness: {
    definition: string;
    stoppedWaiting: string | null;
    count: number;
    minS: number | null;
    p50S: number | null;
    p90S: number | null;
    p99S: number | null;
    maxS: number | null;
    burstRemindersPerSecond: number | null;
  };
  delivery: {
    expected: number;
    receivedOnce: number;
    missing: number;
    duplicated: number;
    extraCopies: number;
    missingSample: string[];
    duplicatedSample: Array<{ accountId: string; copies: number }>;
    messagesCaptured: number;
    listenedAfterLastS: number;
  };
  cpuSeconds: Record<string, { beforeDueS: number; burstS: number; totalS: number }>;
  memory: Record<string, { atDueMiB: number; peakDuringBurstMiB: number; vmHwmMiB: number }>;
  workerLog: string[];
}

const late = (v: number | null) => (v === null ? 'never' : `${v} s`);

export function summary(results: PeerResult[]): string {
  const lines = [`# Peers benchmark, ${results[0]?.date ?? ''}`, ''];
  for (const r of results) {
    const servers = Object.keys(r.cpuSeconds);
    lines.push(
      `## ${r.peer}`,
      '',
      `${r.accounts} reminders due at one instant. ${String(r.setup.peer)}. ${String(r.setup.worker)}. ${r.setup.cpus} CPUs (${r.setup.cpuModel}); load average at start ${r.setup.loadAvgAtStart.join(' ')}, at due ${r.setup.loadAvgAtDue.join(' ')}, at end ${r.setup.loadAvgAtEnd.join(' ')}.`,
      '',
      `- Enqueued: ${r.phases.enqueuedPerSecond}/s (${r.phases.enqueueS} s), ${r.phases.readyBeforeDueS} s before due${(r.phases.readyBeforeDueS ?? 0) < 0 ? ' (WARNING: after due)' : ''}.`,
      `- Kill: ${r.kill ? `SIGKILL ${r.kill.atS} s after due with ${r.kill.arrivedBefore} reminders arrived; worker up again ${r.kill.restartedAfterS} s later` : 'none'}.`,
      `- Lateness (due instant → SMTP capture): p50 ${late(r.lateness.p50S)}, p90 ${late(r.lateness.p90S)}, p99 ${late(r.lateness.p99S)}, max ${late(r.lateness.maxS)} (min ${late(r.lateness.minS)}); ${r.lateness.burstRemindersPerSecond ?? '?'} reminders/s from the first to the last.`,
      ...(r.lateness.stoppedWaiting ? [`- INCOMPLETE: stopped waiting (${r.lateness.stoppedWaiting}) with ${r.lateness.count} of ${r.accounts} arrived.`] : []),
      `- Per account: ${r.delivery.receivedOnce} received once, ${r.delivery.missing} missing, ${r.delivery.duplicated} duplicated (${r.delivery.extraCopies} extra copies); ${r.delivery.messagesCaptured} messages captured, listened ${r.delivery.listenedAfterLastS} s after the last.`,
      '',
      '| process | CPU s before due | CPU s during burst | CPU s total | RSS at due (MiB) | peak RSS in burst | VmHWM |',
      '|---|---|---|---|---|---|---|',
      ...servers.map((s) => `| ${s} | ${r.cpuSeconds[s]!.beforeDueS} | ${r.cpuSeconds[s]!.burstS} | ${r.cpuSeconds[s]!.totalS} | ${r.memory[s]!.atDueMiB} | ${r.memory[s]!.peakDuringBurstMiB} | ${r.memory[s]!.vmHwmMiB} |`),
      '',
      'The worker\'s CPU adds up both processes (killed and restarted); its VmHWM is the larger of the two.',
      '',
    );
  }
  return lines.join('\n');
}
