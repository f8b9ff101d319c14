-- The challenge service's schema. Every programme-scoped table is keyed by program_id first, so
-- the schema distributes by programme on Citus (create_distributed_table(..., 'program_id'));
-- organisers and their sessions are small service-wide tables (Citus reference tables).

CREATE TABLE organisers (
  username      text PRIMARY KEY,
  password_hash text NOT NULL,            -- scrypt$N$r$p$salt$key (base64url)
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE organiser_tokens (
  selector      text PRIMARY KEY,         -- public half of the token, for the lookup
  verifier_hash bytea NOT NULL,           -- SHA-256 of the secret half, compared in constant time
  username      text NOT NULL REFERENCES organisers (username) ON DELETE CASCADE,
  expires_at    timestamptz NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE programs (
  program_id  text NOT NULL,
  name        text NOT NULL,
  program     text NOT NULL,              -- the library's program JSON, as validated by the engine
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  head_seq    bigint NOT NULL DEFAULT 0,  -- the last command of the log
  advanced_to timestamptz,                -- the last scheduled advanceTo
  PRIMARY KEY (program_id)
);

-- The engine's command log: each accepted batch and each scheduled advanceTo, in order. Replaying it
-- rebuilds the engine byte for byte.
CREATE TABLE commands (
  program_id text NOT NULL,
  seq        bigint NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('batch', 'advance')),
  body       text NOT NULL,              -- batch: the events array (JSON); advance: the instant
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (program_id, seq)
);

-- Every event received in an accepted batch, once, with who sent it and when.
CREATE TABLE events (
  program_id  text NOT NULL,
  event_id    text NOT NULL,
  member_id   text NOT NULL,
  type        text NOT NULL,
  at          text NOT NULL,
  seq         bigint NOT NULL,           -- the command that carried it first
  received_at timestamptz NOT NULL,
  sender      text NOT NULL,             -- 'member:<id>', 'organiser:<user>' or 'invite'
  accepted    boolean NOT NULL,          -- the first outcome (later changes are in changes)
  code        text,
  PRIMARY KEY (program_id, event_id)
);
CREATE INDEX events_member ON events (program_id, member_id);

-- Outcomes of earlier events that a later call changed (the engine's change feed).
CREATE TABLE changes (
  program_id text NOT NULL,
  seq        bigint NOT NULL,            -- the command that changed them; a member's cursor
  idx        integer NOT NULL,
  member_id  text NOT NULL,
  event_id   text NOT NULL,
  before     text NOT NULL,              -- { accepted, code? } as JSON
  after      text NOT NULL,
  PRIMARY KEY (program_id, seq, idx)
);
CREATE INDEX changes_member ON changes (program_id, member_id, seq);

CREATE TABLE snapshots (
  program_id text NOT NULL,
  seq        bigint NOT NULL,            -- exportState() after this command
  state      text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (program_id, seq)
);

CREATE TABLE members (
  program_id   text NOT NULL,
  member_id    text NOT NULL,
  display_name text,                     -- NULL once erased
  family       text,
  building     text,
  joined_at    timestamptz NOT NULL,
  erased_at    timestamptz,
  PRIMARY KEY (program_id, member_id)
);

CREATE TABLE member_tokens (
  program_id    text NOT NULL,
  selector      text NOT NULL,
  verifier_hash bytea NOT NULL,
  member_id     text NOT NULL,
  expires_at    timestamptz NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (program_id, selector)
);

CREATE TABLE invites (
  program_id  text NOT NULL,
  code_hash   bytea NOT NULL,            -- SHA-256 of the code; the code itself is never stored
  family      text,
  building    text,
  referrer_id text,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  used_by     text,
  PRIMARY KEY (program_id, code_hash)
);

CREATE TABLE redemptions (
  program_id    text NOT NULL,
  redemption_id text NOT NULL,
  event_id      text NOT NULL,
  member_id     text NOT NULL,
  reward_id     text NOT NULL,
  fulfilled_at  timestamptz,
  fulfilled_by  text,
  PRIMARY KEY (program_id, redemption_id)
);

CREATE TABLE audit_log (
  program_id text NOT NULL,              -- '' for service-wide actions (log-in)
  id         bigint GENERATED ALWAYS AS IDENTITY,
  at         timestamptz NOT NULL DEFAULT now(),
  actor      text NOT NULL,
  action     text NOT NULL,
  detail     text,                       -- JSON
  PRIMARY KEY (program_id, id)
);
