import { Schema, type Connection, type Model } from 'mongoose';
import { NETWORKS, type Network } from '../../domain/networks';

/** An institutional account in the registry. No credential is ever stored here (RULEBOOK §2). */
export interface AccountDoc {
  _id: string;
  entityId: string;
  network: Network;
  username: string;
  managingEmail: string;
  admins: Array<{ name: string; email: string; role: string }>;
  status: 'active' | 'retired';
  requestId: string;
  activatedAt: Date;
}

const accountSchema = new Schema<AccountDoc>(
  {
    _id: { type: String, required: true },
    entityId: { type: String, required: true, index: true },
    network: { type: String, enum: NETWORKS, required: true },
    username: { type: String, required: true },
    managingEmail: { type: String, required: true },
    admins: [{ _id: false, name: String, email: String, role: String }],
    status: { type: String, enum: ['active', 'retired'], required: true },
    requestId: { type: String, required: true, index: true },
    activatedAt: { type: Date, required: true },
  },
  { timestamps: true, versionKey: false },
);

export function accountModel(conn: Connection): Model<AccountDoc> {
  return (conn.models.Account as Model<AccountDoc>) ?? conn.model<AccountDoc>('Account', accountSchema, 'accounts');
}
