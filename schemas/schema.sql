-- kefu database schema, version 13 (PRAGMA user_version = 13).
--
-- The database is part of kefu's interface: an auditor can open it with
-- sqlite3 and query it. Conventions:
--   * one view per record kind of SPEC §3, named after the kind, with the
--     canonical field names as columns, over a table KIND_data that holds
--     the rows with their source as an integer (src_id): a file's name and
--     SHA-256 are stored once, in source, not on each of its rows;
--   * money columns hold integer fen (分): 435000 = 4,350.00 yuan;
--   * in the views, dates are 'YYYY-MM-DD', times 'HH:MM:SS', datetimes
--     'YYYY-MM-DD HH:MM:SS' (local wall-clock time), booleans 0/1. The
--     KIND_data tables (STRICT, version 13) hold them as integers: a date
--     as days since 1970-01-01, a time as seconds since midnight, a
--     datetime as seconds since 1970-01-01 00:00:00 of the same wall clock
--     (no time zone: SPEC §4); each view formats them back with SQLite's
--     own date(X * 86400, 'unixepoch'), time(X, 'unixepoch') and
--     datetime(X, 'unixepoch'). Query the views; a query of a table
--     compares integers (unixepoch('2026-11-03') / 86400 is that day);
--   * every record row has its provenance, in the view: src_file (the file
--     name as given to ingest), src_sha256 (of the file's bytes) and src_line (the
--     physical line where the CSV record starts, or the line of the XML
--     <record> element, or the row of a workbook's sheet) and src_sheet (the
--     sheet's name for a row read from a workbook; NULL for CSV and XML, and
--     for workbook rows stored before version 8, whose sheet was not kept);
--   * the natural key of each kind is UNIQUE: a later file with the same
--     key replaces the row (last ingested wins).
-- kefu init creates this schema or upgrades an older one; it is idempotent.

CREATE TABLE IF NOT EXISTS source (
  id INTEGER PRIMARY KEY,
  file TEXT NOT NULL,              -- path as given to ingest
  sha256 TEXT NOT NULL UNIQUE,     -- of the file's bytes; a file is ingested once
  bytes INTEGER NOT NULL,
  kind TEXT,                       -- record kind recognised
  format TEXT,                     -- csv | xml
  encoding TEXT,                   -- UTF-8 | GB18030
  ingested_at TEXT NOT NULL,       -- datetime
  rows_stored INTEGER NOT NULL,
  rows_rejected INTEGER NOT NULL,
  rows_replaced INTEGER NOT NULL,
  content_coding TEXT NOT NULL DEFAULT 'raw' CHECK (content_coding IN ('raw','zlib')),
                                   -- how content is stored (v11): 'zlib' a zlib stream (RFC 1950)
                                   -- of the bytes, 'raw' the bytes themselves (files stored
                                   -- before version 11); sha256 and bytes are the original's
  content BLOB                     -- the file's bytes, kept for the sources bundle; NULL once a
                                   -- purge cleared them. The last column, so that ingest
                                   -- writes it in pieces into a zeroblob() (memory bounded
                                   -- whatever the file's size)
);

-- The sheets of a workbook whose rows were stored (v8). A workbook row
-- names its sheet by this small integer, packed above its row number in
-- KIND_data.src_line: (sheet id << 32) | row. A CSV or XML row's src_line is
-- its line, below 2^32, so it names no sheet and costs not a byte more; the
-- views unpack both (src_line, src_sheet). Rows ingested before version 8
-- hold their plain row: their sheet was not kept.
CREATE TABLE IF NOT EXISTS sheet (
  id INTEGER PRIMARY KEY,
  src_id INTEGER NOT NULL REFERENCES source(id),  -- the workbook
  name TEXT NOT NULL,              -- the sheet's name as the workbook gives it
  UNIQUE (src_id, name)
);

CREATE TABLE IF NOT EXISTS reject (
  id INTEGER PRIMARY KEY,
  file TEXT NOT NULL,
  src_sha256 TEXT NOT NULL,
  line INTEGER NOT NULL,
  field TEXT,                      -- canonical field name, NULL for row-level errors
  value TEXT,
  message TEXT NOT NULL,           -- the full message as printed
  resolved_by TEXT                 -- SHA-256 of the source that replaced the rejected file (a later
                                   -- file of the same name ingested), NULL while the reject stands (v3)
);

-- Attachments of archive records (scans), stored once per content hash.
CREATE TABLE IF NOT EXISTS attachment (
  sha256 TEXT PRIMARY KEY,
  name TEXT NOT NULL,              -- path as named by archive_record.file
  bytes INTEGER NOT NULL,
  data BLOB NOT NULL
);

CREATE TABLE IF NOT EXISTS employee_data (
  employee_id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, dept TEXT NOT NULL,
  role TEXT NOT NULL, monthly_wage INTEGER NOT NULL, monthly_bonus INTEGER,
  hired_on INTEGER, left_on INTEGER, id_number TEXT, phone TEXT,
  src_id INTEGER NOT NULL REFERENCES source(id), src_line INTEGER NOT NULL) STRICT;

CREATE TABLE IF NOT EXISTS attendance_data (
  employee_id TEXT NOT NULL, date INTEGER NOT NULL, shift_start INTEGER NOT NULL,
  shift_end INTEGER NOT NULL, clock_in INTEGER, clock_out INTEGER, note TEXT,
  src_id INTEGER NOT NULL REFERENCES source(id), src_line INTEGER NOT NULL,
  UNIQUE (date, employee_id, shift_start)) STRICT;

CREATE TABLE IF NOT EXISTS leave_data (
  leave_id TEXT NOT NULL UNIQUE, employee_id TEXT NOT NULL, type TEXT NOT NULL,
  start_date INTEGER NOT NULL, end_date INTEGER NOT NULL, approved_by TEXT,
  certificate INTEGER NOT NULL DEFAULT 0, note TEXT,
  requested_at INTEGER,               -- when the leave was asked for (version 9, issue 11)
  src_id INTEGER NOT NULL REFERENCES source(id), src_line INTEGER NOT NULL) STRICT;

CREATE TABLE IF NOT EXISTS meeting_data (
  meeting_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, date INTEGER NOT NULL,
  start INTEGER NOT NULL, "end" INTEGER NOT NULL, title TEXT,
  src_id INTEGER NOT NULL REFERENCES source(id), src_line INTEGER NOT NULL) STRICT;

CREATE TABLE IF NOT EXISTS meeting_attendance_data (
  meeting_id TEXT NOT NULL, employee_id TEXT NOT NULL, arrived INTEGER, "left" INTEGER,
  excused INTEGER NOT NULL DEFAULT 0, disruption INTEGER NOT NULL DEFAULT 0,
  src_id INTEGER NOT NULL REFERENCES source(id), src_line INTEGER NOT NULL,
  UNIQUE (meeting_id, employee_id)) STRICT;

CREATE TABLE IF NOT EXISTS report_submission_data (
  dept TEXT NOT NULL, report_type TEXT NOT NULL, period TEXT NOT NULL, submitted_at INTEGER,
  src_id INTEGER NOT NULL REFERENCES source(id), src_line INTEGER NOT NULL,
  UNIQUE (dept, report_type, period)) STRICT;

CREATE TABLE IF NOT EXISTS incident_data (
  incident_id TEXT NOT NULL UNIQUE, employee_id TEXT NOT NULL, date INTEGER NOT NULL,
  offense TEXT NOT NULL, amount INTEGER, recorded_by TEXT, note TEXT,
  src_id INTEGER NOT NULL REFERENCES source(id), src_line INTEGER NOT NULL) STRICT;

CREATE TABLE IF NOT EXISTS customer_data (
  customer_id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, kind TEXT NOT NULL,
  address TEXT, phone TEXT, since INTEGER NOT NULL,
  src_id INTEGER NOT NULL REFERENCES source(id), src_line INTEGER NOT NULL) STRICT;

CREATE TABLE IF NOT EXISTS service_event_data (
  event_id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, customer_id TEXT NOT NULL,
  opened_at INTEGER NOT NULL, dispatched_at INTEGER, arrived_at INTEGER, resolved_at INTEGER,
  registered_at INTEGER, valid INTEGER NOT NULL DEFAULT 0, staff_id TEXT, summary TEXT,
  src_id INTEGER NOT NULL REFERENCES source(id), src_line INTEGER NOT NULL) STRICT;

CREATE TABLE IF NOT EXISTS callback_data (
  callback_id TEXT NOT NULL UNIQUE, event_id TEXT, customer_id TEXT NOT NULL,
  at INTEGER NOT NULL, channel TEXT NOT NULL, outcome TEXT NOT NULL, staff_id TEXT, note TEXT,
  src_id INTEGER NOT NULL REFERENCES source(id), src_line INTEGER NOT NULL) STRICT;

CREATE TABLE IF NOT EXISTS archive_record_data (
  record_id TEXT NOT NULL UNIQUE, category TEXT NOT NULL, owner TEXT, title TEXT NOT NULL,
  created_on INTEGER NOT NULL, closed_on INTEGER, location TEXT,
  confidential INTEGER NOT NULL DEFAULT 0,
  file TEXT,                       -- attachment name as given in the export
  file_sha256 TEXT REFERENCES attachment(sha256),
  src_id INTEGER NOT NULL REFERENCES source(id), src_line INTEGER NOT NULL) STRICT;

CREATE TABLE IF NOT EXISTS hold_data (
  hold_id TEXT NOT NULL UNIQUE, record_id TEXT, category TEXT, owner TEXT,
  reason TEXT NOT NULL, placed_on INTEGER NOT NULL, lifted_on INTEGER, placed_by TEXT,
  src_id INTEGER NOT NULL REFERENCES source(id), src_line INTEGER NOT NULL) STRICT;

CREATE TABLE IF NOT EXISTS borrowing_data (
  loan_id TEXT NOT NULL UNIQUE, item_type TEXT NOT NULL, item_id TEXT NOT NULL,
  borrower TEXT NOT NULL, external INTEGER NOT NULL DEFAULT 0, approved_by TEXT,
  out_at INTEGER NOT NULL, returned_at INTEGER, purpose TEXT,
  src_id INTEGER NOT NULL REFERENCES source(id), src_line INTEGER NOT NULL,
  action TEXT, signed_by TEXT) STRICT;  -- v10: read|copy|take_away, and who signed a copy or take-away

-- Clock events (v7): one row per punch, as the time clock or DingTalk's raw
-- record export gives them. The same employee at the same second is one
-- event (last ingested wins); punches seconds apart are rows of their own.
-- Nothing here is paired: kefu check pairs punches with the attendance
-- roster each time it runs (README "Punch logs").
CREATE TABLE IF NOT EXISTS punch_data (
  employee_id TEXT NOT NULL, at INTEGER NOT NULL, device TEXT, source TEXT,
  src_id INTEGER NOT NULL REFERENCES source(id), src_line INTEGER NOT NULL,
  UNIQUE (employee_id, at)) STRICT;

-- One shift swap (version 9, issue 11): who swapped which day's shift,
-- with whom, and whom it was reported to.
CREATE TABLE IF NOT EXISTS shift_swap_data (
  swap_id TEXT NOT NULL UNIQUE, employee_id TEXT NOT NULL, date INTEGER NOT NULL,
  with_employee TEXT, reported_to TEXT, note TEXT,
  src_id INTEGER NOT NULL REFERENCES source(id), src_line INTEGER NOT NULL) STRICT;

-- The record kinds as the interface names them: one view per kind with the
-- canonical columns and the provenance of every row (src_file, src_sha256
-- from the source table, src_line, src_sheet from the sheet table), and its
-- rowid (what findings cite).
CREATE VIEW IF NOT EXISTS employee AS SELECT d.rowid AS rowid, d.employee_id, d.name, d.dept, d.role, d.monthly_wage, d.monthly_bonus, date(d.hired_on * 86400, 'unixepoch') AS hired_on, date(d.left_on * 86400, 'unixepoch') AS left_on, d.id_number, d.phone,
  s.file AS src_file, s.sha256 AS src_sha256, d.src_line & 4294967295 AS src_line,
  sh.name AS src_sheet
  FROM employee_data d JOIN source s ON s.id = d.src_id LEFT JOIN sheet sh ON sh.id = d.src_line >> 32;
CREATE VIEW IF NOT EXISTS attendance AS SELECT d.rowid AS rowid, d.employee_id, date(d.date * 86400, 'unixepoch') AS date, time(d.shift_start, 'unixepoch') AS shift_start, time(d.shift_end, 'unixepoch') AS shift_end, datetime(d.clock_in, 'unixepoch') AS clock_in, datetime(d.clock_out, 'unixepoch') AS clock_out, d.note,
  s.file AS src_file, s.sha256 AS src_sha256, d.src_line & 4294967295 AS src_line,
  sh.name AS src_sheet
  FROM attendance_data d JOIN source s ON s.id = d.src_id LEFT JOIN sheet sh ON sh.id = d.src_line >> 32;
CREATE VIEW IF NOT EXISTS leave AS SELECT d.rowid AS rowid, d.leave_id, d.employee_id, d.type, date(d.start_date * 86400, 'unixepoch') AS start_date, date(d.end_date * 86400, 'unixepoch') AS end_date, d.approved_by, d.certificate, d.note, datetime(d.requested_at, 'unixepoch') AS requested_at,
  s.file AS src_file, s.sha256 AS src_sha256, d.src_line & 4294967295 AS src_line,
  sh.name AS src_sheet
  FROM leave_data d JOIN source s ON s.id = d.src_id LEFT JOIN sheet sh ON sh.id = d.src_line >> 32;
CREATE VIEW IF NOT EXISTS meeting AS SELECT d.rowid AS rowid, d.meeting_id, d.type, date(d.date * 86400, 'unixepoch') AS date, time(d.start, 'unixepoch') AS start, time(d."end", 'unixepoch') AS "end", d.title,
  s.file AS src_file, s.sha256 AS src_sha256, d.src_line & 4294967295 AS src_line,
  sh.name AS src_sheet
  FROM meeting_data d JOIN source s ON s.id = d.src_id LEFT JOIN sheet sh ON sh.id = d.src_line >> 32;
CREATE VIEW IF NOT EXISTS meeting_attendance AS SELECT d.rowid AS rowid, d.meeting_id, d.employee_id, time(d.arrived, 'unixepoch') AS arrived, time(d."left", 'unixepoch') AS "left", d.excused, d.disruption,
  s.file AS src_file, s.sha256 AS src_sha256, d.src_line & 4294967295 AS src_line,
  sh.name AS src_sheet
  FROM meeting_attendance_data d JOIN source s ON s.id = d.src_id LEFT JOIN sheet sh ON sh.id = d.src_line >> 32;
CREATE VIEW IF NOT EXISTS report_submission AS SELECT d.rowid AS rowid, d.dept, d.report_type, d.period, datetime(d.submitted_at, 'unixepoch') AS submitted_at,
  s.file AS src_file, s.sha256 AS src_sha256, d.src_line & 4294967295 AS src_line,
  sh.name AS src_sheet
  FROM report_submission_data d JOIN source s ON s.id = d.src_id LEFT JOIN sheet sh ON sh.id = d.src_line >> 32;
CREATE VIEW IF NOT EXISTS incident AS SELECT d.rowid AS rowid, d.incident_id, d.employee_id, date(d.date * 86400, 'unixepoch') AS date, d.offense, d.amount, d.recorded_by, d.note,
  s.file AS src_file, s.sha256 AS src_sha256, d.src_line & 4294967295 AS src_line,
  sh.name AS src_sheet
  FROM incident_data d JOIN source s ON s.id = d.src_id LEFT JOIN sheet sh ON sh.id = d.src_line >> 32;
CREATE VIEW IF NOT EXISTS customer AS SELECT d.rowid AS rowid, d.customer_id, d.name, d.kind, d.address, d.phone, date(d.since * 86400, 'unixepoch') AS since,
  s.file AS src_file, s.sha256 AS src_sha256, d.src_line & 4294967295 AS src_line,
  sh.name AS src_sheet
  FROM customer_data d JOIN source s ON s.id = d.src_id LEFT JOIN sheet sh ON sh.id = d.src_line >> 32;
CREATE VIEW IF NOT EXISTS service_event AS SELECT d.rowid AS rowid, d.event_id, d.kind, d.customer_id, datetime(d.opened_at, 'unixepoch') AS opened_at, datetime(d.dispatched_at, 'unixepoch') AS dispatched_at, datetime(d.arrived_at, 'unixepoch') AS arrived_at, datetime(d.resolved_at, 'unixepoch') AS resolved_at, datetime(d.registered_at, 'unixepoch') AS registered_at, d.valid, d.staff_id, d.summary,
  s.file AS src_file, s.sha256 AS src_sha256, d.src_line & 4294967295 AS src_line,
  sh.name AS src_sheet
  FROM service_event_data d JOIN source s ON s.id = d.src_id LEFT JOIN sheet sh ON sh.id = d.src_line >> 32;
CREATE VIEW IF NOT EXISTS callback AS SELECT d.rowid AS rowid, d.callback_id, d.event_id, d.customer_id, datetime(d.at, 'unixepoch') AS at, d.channel, d.outcome, d.staff_id, d.note,
  s.file AS src_file, s.sha256 AS src_sha256, d.src_line & 4294967295 AS src_line,
  sh.name AS src_sheet
  FROM callback_data d JOIN source s ON s.id = d.src_id LEFT JOIN sheet sh ON sh.id = d.src_line >> 32;
CREATE VIEW IF NOT EXISTS archive_record AS SELECT d.rowid AS rowid, d.record_id, d.category, d.owner, d.title, date(d.created_on * 86400, 'unixepoch') AS created_on, date(d.closed_on * 86400, 'unixepoch') AS closed_on, d.location, d.confidential, d.file, d.file_sha256,
  s.file AS src_file, s.sha256 AS src_sha256, d.src_line & 4294967295 AS src_line,
  sh.name AS src_sheet
  FROM archive_record_data d JOIN source s ON s.id = d.src_id LEFT JOIN sheet sh ON sh.id = d.src_line >> 32;
CREATE VIEW IF NOT EXISTS hold AS SELECT d.rowid AS rowid, d.hold_id, d.record_id, d.category, d.owner, d.reason, date(d.placed_on * 86400, 'unixepoch') AS placed_on, date(d.lifted_on * 86400, 'unixepoch') AS lifted_on, d.placed_by,
  s.file AS src_file, s.sha256 AS src_sha256, d.src_line & 4294967295 AS src_line,
  sh.name AS src_sheet
  FROM hold_data d JOIN source s ON s.id = d.src_id LEFT JOIN sheet sh ON sh.id = d.src_line >> 32;
CREATE VIEW IF NOT EXISTS borrowing AS SELECT d.rowid AS rowid, d.loan_id, d.item_type, d.item_id, d.borrower, d.external, d.approved_by, datetime(d.out_at, 'unixepoch') AS out_at, datetime(d.returned_at, 'unixepoch') AS returned_at, d.purpose, d.action, d.signed_by,
  s.file AS src_file, s.sha256 AS src_sha256, d.src_line & 4294967295 AS src_line,
  sh.name AS src_sheet
  FROM borrowing_data d JOIN source s ON s.id = d.src_id LEFT JOIN sheet sh ON sh.id = d.src_line >> 32;
CREATE VIEW IF NOT EXISTS punch AS SELECT d.rowid AS rowid, d.employee_id, datetime(d.at, 'unixepoch') AS at, d.device, d.source,
  s.file AS src_file, s.sha256 AS src_sha256, d.src_line & 4294967295 AS src_line,
  sh.name AS src_sheet
  FROM punch_data d JOIN source s ON s.id = d.src_id LEFT JOIN sheet sh ON sh.id = d.src_line >> 32;
CREATE VIEW IF NOT EXISTS shift_swap AS SELECT d.rowid AS rowid, d.swap_id, d.employee_id, date(d.date * 86400, 'unixepoch') AS date, d.with_employee, d.reported_to, d.note,
  s.file AS src_file, s.sha256 AS src_sha256, d.src_line & 4294967295 AS src_line,
  sh.name AS src_sheet
  FROM shift_swap_data d JOIN source s ON s.id = d.src_id LEFT JOIN sheet sh ON sh.id = d.src_line >> 32;

-- Findings of the rules (SPEC §7), recomputed from scratch by every check.
-- sources lists the rows a finding rests on as "kind#rowid" separated by
-- spaces (join: SELECT * FROM attendance WHERE rowid = 12).
CREATE TABLE IF NOT EXISTS finding (
  id INTEGER PRIMARY KEY,
  rule TEXT NOT NULL, article TEXT NOT NULL,
  subject_kind TEXT NOT NULL, subject_id TEXT NOT NULL,
  date TEXT NOT NULL, period TEXT NOT NULL,
  sanction TEXT NOT NULL CHECK (sanction IN ('none','warning','fine','deduction','dismissal','reward')),  -- reward: v3
  amount_fen INTEGER NOT NULL, detail TEXT NOT NULL, sources TEXT NOT NULL,
  quote TEXT NOT NULL DEFAULT '',  -- the document's sentences behind the article, one a line (v2)
  assumed TEXT NOT NULL DEFAULT '');  -- what the policy assumed where the text is silent (v2)
CREATE INDEX IF NOT EXISTS finding_period ON finding(period, rule);

-- Visit-coverage obligations (SPEC §7.2), recomputed by every check:
-- what was owed to an event or a customer, by when, and whether (and by
-- which callback) it was met. status is judged against the as-of date.
-- Read the view `obligation`; the rows are in obligation_data, which names
-- its rule, article, quote and assumptions by a number into citation,
-- where each combination is stored once (v12, issue 15: a large year's
-- 170,000 obligations repeated the same few quotes in 29 MB).
CREATE TABLE IF NOT EXISTS citation (
  id INTEGER PRIMARY KEY,
  rule TEXT NOT NULL, article TEXT NOT NULL,
  quote TEXT NOT NULL,             -- as finding.quote
  assumed TEXT NOT NULL,           -- as finding.assumed
  UNIQUE (rule, article, quote, assumed));
CREATE TABLE IF NOT EXISTS obligation_data (
  id INTEGER PRIMARY KEY,
  cite INTEGER NOT NULL REFERENCES citation(id),
  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('event','customer')),
  subject_id TEXT NOT NULL,
  anchor_at TEXT NOT NULL, due_at TEXT NOT NULL, done_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('met','late','missed','pending')),
  period TEXT NOT NULL,
  callback_id TEXT, callback_rowid INTEGER);
CREATE INDEX IF NOT EXISTS obligation_period ON obligation_data(period, cite);
CREATE VIEW IF NOT EXISTS obligation AS SELECT o.id AS id, c.rule AS rule, c.article AS article,
  o.subject_kind AS subject_kind, o.subject_id AS subject_id, o.anchor_at AS anchor_at, o.due_at AS due_at,
  o.done_at AS done_at, o.status AS status, o.period AS period, o.callback_id AS callback_id,
  o.callback_rowid AS callback_rowid, c.quote AS quote, c.assumed AS assumed
  FROM obligation_data o JOIN citation c ON c.id = o.cite;

-- What the last check computed, for reports and the run summary.
CREATE TABLE IF NOT EXISTS check_run (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  as_of TEXT NOT NULL, policy TEXT NOT NULL, policy_sha256 TEXT NOT NULL,
  findings INTEGER NOT NULL, obligations INTEGER NOT NULL);

-- Retention status of every archive record (SPEC §7.3), recomputed by every
-- check from the policy's categories and the holds. status: active (within
-- its period), eligible (period over, no hold), held (period over or not,
-- under an active hold), open (trigger date unknown), permanent.
CREATE TABLE IF NOT EXISTS retention (
  record_id TEXT PRIMARY KEY,
  category TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active','eligible','held','open','permanent')),
  trigger_on TEXT,                 -- the trigger date (created_on or closed_on)
  expires_on TEXT,                 -- trigger + period; NULL when open or permanent
  disposition TEXT,                -- destroy | transfer; NULL when permanent
  hold_id TEXT,                    -- the active hold, when held
  article TEXT NOT NULL);
CREATE VIEW IF NOT EXISTS record_status AS
  SELECT a.record_id, a.category, a.owner, a.title, a.created_on, a.closed_on, a.confidential,
         r.status, r.trigger_on, r.expires_on, r.disposition, r.hold_id, r.article
    FROM archive_record a LEFT JOIN retention r ON r.record_id = a.record_id;

-- Purge batches (SPEC §7.3): planned → approved → executed, never back.
CREATE TABLE IF NOT EXISTS purge_batch (
  batch_id TEXT PRIMARY KEY,       -- e.g. P-20261126-01
  state TEXT NOT NULL CHECK (state IN ('planned','approved','executed')),
  category TEXT,                   -- --category given at plan, or NULL (all)
  as_of TEXT NOT NULL,             -- the as-of date of the plan
  prepared_by TEXT NOT NULL, prepared_at TEXT NOT NULL,
  reviewed_by TEXT, approved_by TEXT, approved_at TEXT,
  witnesses TEXT,                  -- employee ids separated by spaces
  rechecked_by TEXT,               -- who re-checked what is destroyed (住户档案管理规定 6), or NULL
  executed_at TEXT,
  bundle_path TEXT, bundle_sha256 TEXT);
CREATE TABLE IF NOT EXISTS purge_item (
  batch_id TEXT NOT NULL REFERENCES purge_batch(batch_id),
  record_id TEXT NOT NULL,
  category TEXT NOT NULL, title TEXT, owner TEXT,
  trigger_on TEXT, expires_on TEXT,
  disposition TEXT NOT NULL CHECK (disposition IN ('destroy','transfer')),
  content_sha256 TEXT,             -- of the record's canonical content at plan time
  status TEXT NOT NULL CHECK (status IN ('proposed','dropped','destroyed','transferred')),
  note TEXT,                       -- why dropped (e.g. a hold placed after approval)
  PRIMARY KEY (batch_id, record_id));
-- What remains of a purged record: its id, category, content hash, batch.
CREATE TABLE IF NOT EXISTS tombstone (
  record_id TEXT NOT NULL, category TEXT NOT NULL, content_sha256 TEXT NOT NULL,
  batch_id TEXT NOT NULL, disposition TEXT NOT NULL, disposed_at TEXT NOT NULL,
  PRIMARY KEY (record_id, batch_id));

-- Who held which role, from which file, from when (issue 13): one row
-- each time an ingested employee row brings a role, hire date or leaving
-- date that differs from that employee's last row here. Append-only; each
-- row has its own audit entry (action 'role', detail.history = seq), whose
-- sequence number is audit_seq. The roles that count for a purge batch are
-- the rows whose audit entry comes before the batch's plan entry.
CREATE TABLE IF NOT EXISTS role_history (
  seq INTEGER PRIMARY KEY,
  employee_id TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL,
  prev_role TEXT,                  -- the role of the employee's previous row, NULL for the first
  hired_on TEXT, left_on TEXT,
  src_file TEXT NOT NULL, src_sha256 TEXT NOT NULL, src_line INTEGER NOT NULL,
  ingested_at TEXT NOT NULL,       -- when kefu learned it: the file's ingest time
  audit_seq INTEGER NOT NULL,      -- its 'role' audit entry
  src_sheet TEXT);                 -- the workbook sheet of src_file, NULL for CSV and XML (v8)
CREATE INDEX IF NOT EXISTS role_history_emp ON role_history(employee_id, seq);
CREATE TRIGGER IF NOT EXISTS role_history_no_update BEFORE UPDATE ON role_history
  BEGIN SELECT RAISE(ABORT, 'role history is append-only'); END;
CREATE TRIGGER IF NOT EXISTS role_history_no_delete BEFORE DELETE ON role_history
  BEGIN SELECT RAISE(ABORT, 'role history is append-only'); END;

-- One row per nightly run date (kefu run): what it was run as of, when it
-- last ran, and the SHA-256 of its run-DATE.json.
CREATE TABLE IF NOT EXISTS run_log (
  as_of TEXT PRIMARY KEY, ran_at TEXT NOT NULL, json_sha256 TEXT NOT NULL);

-- The append-only, hash-chained audit log (SPEC §8): each entry holds the
-- SHA-256 of the previous entry (prev_hash) and its own hash over
-- seq|at|action|detail|prev_hash. kefu audit verify recomputes the chain.
CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

PRAGMA user_version = 13;
