import { Schema, type Connection, type Model } from 'mongoose';

/**
 * `worker_incarnations`: one row per worker process since it started, its `seenAt` renewed every few
 * seconds while it lives (infra/liveness.ts). An outbox claim names the incarnation that holds it, so a
 * retry can tell a claim whose process died (SIGKILL, out of memory) from one a live process is still
 * working on, and take over the first without waiting out the lease. Rows unseen for a day are deleted when
 * a worker starts (`LIVENESS.forgetAfterMs`).
 */
export interface WorkerIncarnationDoc {
  _id: string;
  seenAt: Date;
  startedAt: Date;
  host: string;
  pid: number;
}

const workerIncarnationSchema = new Schema<WorkerIncarnationDoc>(
  {
    _id: { type: String, required: true },
    seenAt: { type: Date, required: true },
    startedAt: { type: Date, required: true },
    host: { type: String, required: true },
    pid: { type: Number, required: true },
  },
  { versionKey: false },
);

export function workerIncarnationModel(conn: Connection): Model<WorkerIncarnationDoc> {
  return (
    (conn.models.WorkerIncarnation as Model<WorkerIncarnationDoc>) ??
    conn.model<WorkerIncarnationDoc>('WorkerIncarnation', workerIncarnationSchema, 'worker_incarnations')
  );
}
