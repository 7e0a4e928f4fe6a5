/** Someone in a meeting: a member of the tenant (userId) or an outsider. Stored as JSONB on the meeting. */
export interface Participant {
  name: string;
  email: string;
  userId?: string;
  role?: string;
}
