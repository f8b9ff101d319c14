-- The redemption desk: a voucher refunded at the desk (or by any refund event) is marked, so that
-- the desk's look-up says "refunded" without replaying the log.
ALTER TABLE redemptions ADD COLUMN refunded_at timestamptz;
ALTER TABLE redemptions ADD COLUMN refunded_by text;         -- 'organiser:<user>'
ALTER TABLE redemptions ADD COLUMN refund_event_id text;
ALTER TABLE redemptions ADD COLUMN redeemed_at text;         -- the redeem event's instant (as sent)
CREATE INDEX redemptions_member ON redemptions (program_id, member_id);
CREATE INDEX audit_log_at ON audit_log (program_id, at);
-- A programme generated as demo data (service/scripts/seed-demo.mjs): the console and the resident
-- apps say so wherever they show it.
ALTER TABLE programs ADD COLUMN demo boolean NOT NULL DEFAULT false;
