//! The database: opening it (SQLite or PostgreSQL, by URL; migrations run at once), appending
//! records to the chain, and reading them back.
//!
//! Appends go through one [`Writer`] task, which takes whatever submissions are waiting (up to
//! [`BATCH`]), links them onto the chain and commits them in one transaction before any is
//! acknowledged: an acknowledged record is on disk (SQLite runs in WAL mode with
//! `synchronous=FULL`; PostgreSQL commits synchronously by default). On PostgreSQL the chain's
//! head is read under a transaction-scoped advisory lock, so several servers may share one
//! database; a SQLite file is for one server. A `record_id` already in the log is not stored
//! again: the same submission gets the stored row's receipt, a different one a conflict.

use std::collections::HashMap;
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions, Executor, Row as _};
use tokio::sync::{mpsc, oneshot};

use crate::chain::{self, Report, Row, Walk};
use crate::record::{rfc3339_ms, Stored, Submission};

/// The most submissions one transaction takes.
pub const BATCH: usize = 256;
/// Rows read per query when walking or exporting the log.
pub const PAGE: i64 = 1000;
/// Submissions waiting for the writer before senders wait too.
const QUEUE: usize = 4096;
/// The advisory lock key that serializes appends on PostgreSQL.
const APPEND_LOCK: i64 = 0x6367_7265_636f_7264; // "cgrecord"

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Why the database could not do what was asked.
#[derive(Debug)]
pub enum StoreError {
    /// The URL is neither `sqlite:` nor `postgres:`/`postgresql:`.
    UnknownScheme,
    Database(sqlx::Error),
    Migration(sqlx::migrate::MigrateError),
    /// The writer task is gone (the server is shutting down).
    WriterGone,
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::UnknownScheme => f.write_str("the database URL must start with sqlite: or postgres://"),
            StoreError::Database(e) => write!(f, "database error: {e}"),
            StoreError::Migration(e) => write!(f, "migration failed: {e}"),
            StoreError::WriterGone => f.write_str("the writer has stopped"),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        StoreError::Database(e)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The log in its database.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

/// Where a record sits in the log.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Receipt {
    pub seq: i64,
    pub hash: String,
    pub received_at: String,
}

/// What became of a submission.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Appended now.
    Created(Receipt),
    /// Already in the log, the same: not stored again.
    Existing(Receipt),
    /// Its `record_id` is in the log with different content.
    Conflict,
}

const COLUMNS: &str = "seq, record_id, consent_id, received_ms, content, prev_hash, hash";

fn row(r: &sqlx::any::AnyRow) -> Result<Row, sqlx::Error> {
    Ok(Row {
        seq: r.try_get(0)?,
        record_id: r.try_get(1)?,
        consent_id: r.try_get(2)?,
        received_ms: r.try_get(3)?,
        content: r.try_get(4)?,
        prev_hash: r.try_get(5)?,
        hash: r.try_get(6)?,
    })
}

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

impl Store {
    /// Connects (creating a SQLite file that does not exist yet) and runs the migrations.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let (backend, url) = if url.starts_with("sqlite:") {
            let url = if url.contains("mode=") { url.to_string() } else if url.contains('?') { format!("{url}&mode=rwc") } else { format!("{url}?mode=rwc") };
            (Backend::Sqlite, url)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            (Backend::Postgres, url.to_string())
        } else {
            return Err(StoreError::UnknownScheme);
        };
        let options = AnyConnectOptions::from_str(&url)?.disable_statement_logging();
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 4 } else { 8 })
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await.map_err(StoreError::Migration)?;
        Ok(Store { pool, backend })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Appends `jobs` (each with its receive time) in one transaction.
    async fn append(&self, jobs: &[(Submission, i64)]) -> Result<Vec<Outcome>, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(APPEND_LOCK).execute(&mut *tx).await?;
        }
        let head = sqlx::query("SELECT seq, hash FROM consent_records ORDER BY seq DESC LIMIT 1").fetch_optional(&mut *tx).await?;
        let (mut seq, mut prev) = match head {
            Some(r) => (r.try_get::<i64, _>(0)?, r.try_get::<String, _>(1)?),
            None => (0, chain::GENESIS.to_string()),
        };
        let mut outcomes = Vec::with_capacity(jobs.len());
        let mut this_batch: HashMap<&str, (Receipt, String)> = HashMap::new();
        for (submission, received_ms) in jobs {
            let earlier = match this_batch.get(submission.record_id.as_str()) {
                Some((receipt, content)) => Some((receipt.clone(), content.clone())),
                None => sqlx::query("SELECT seq, hash, received_ms, content FROM consent_records WHERE record_id = $1")
                    .bind(&submission.record_id)
                    .fetch_optional(&mut *tx)
                    .await?
                    .map(|r| -> Result<_, sqlx::Error> {
                        let receipt = Receipt { seq: r.try_get(0)?, hash: r.try_get(1)?, received_at: rfc3339_ms(r.try_get(2)?) };
                        Ok((receipt, r.try_get::<String, _>(3)?))
                    })
                    .transpose()?,
            };
            if let Some((receipt, content)) = earlier {
                let same = Stored { seq: receipt.seq, received_at: receipt.received_at.clone(), submission: submission.clone() }.content() == content;
                outcomes.push(if same { Outcome::Existing(receipt) } else { Outcome::Conflict });
                continue;
            }
            seq += 1;
            let received_at = rfc3339_ms(*received_ms);
            let content = Stored { seq, received_at: received_at.clone(), submission: submission.clone() }.content();
            let hash = chain::link(&prev, &content);
            sqlx::query("INSERT INTO consent_records (seq, record_id, consent_id, received_ms, content, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7)")
                .bind(seq)
                .bind(&submission.record_id)
                .bind(&submission.consent_id)
                .bind(*received_ms)
                .bind(&content)
                .bind(&prev)
                .bind(&hash)
                .execute(&mut *tx)
                .await?;
            let receipt = Receipt { seq, hash: hash.clone(), received_at };
            this_batch.insert(&submission.record_id, (receipt.clone(), content));
            outcomes.push(Outcome::Created(receipt));
            prev = hash;
        }
        tx.commit().await?;
        Ok(outcomes)
    }

    /// Every row of `consent_id`, oldest first.
    pub async fn by_consent_id(&self, consent_id: &str) -> Result<Vec<Row>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM consent_records WHERE consent_id = $1 ORDER BY seq");
        let rows = sqlx::query(&sql).bind(consent_id).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(row).collect::<Result<_, _>>()?)
    }

    /// Up to [`PAGE`] rows received in `[from_ms, to_ms)`, in (receive time, seq) order, after the
    /// row `after` (its receive time and seq) when given.
    pub async fn received_between(&self, from_ms: i64, to_ms: i64, after: Option<(i64, i64)>) -> Result<Vec<Row>, StoreError> {
        let (after_ms, after_seq) = after.unwrap_or((i64::MIN, i64::MIN));
        let sql = format!(
            "SELECT {COLUMNS} FROM consent_records WHERE received_ms >= $1 AND received_ms < $2 \
             AND (received_ms > $3 OR (received_ms = $3 AND seq > $4)) ORDER BY received_ms, seq LIMIT $5"
        );
        let rows = sqlx::query(&sql).bind(from_ms).bind(to_ms).bind(after_ms).bind(after_seq).bind(PAGE).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(row).collect::<Result<_, _>>()?)
    }

    /// Walks the whole chain in `seq` order, a page at a time.
    pub async fn verify(&self) -> Result<Report, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM consent_records WHERE seq > $1 ORDER BY seq LIMIT $2");
        let mut walk = Walk::default();
        let mut after = 0i64;
        loop {
            let rows = sqlx::query(&sql).bind(after).bind(PAGE).fetch_all(&self.pool).await?;
            for r in &rows {
                let r = row(r)?;
                after = r.seq;
                if !walk.check(&r) {
                    return Ok(walk.report());
                }
            }
            if (rows.len() as i64) < PAGE {
                return Ok(walk.report());
            }
        }
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Closes the pool, waiting for connections to finish.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

struct Job {
    submission: Submission,
    received_ms: i64,
    reply: oneshot::Sender<Result<Outcome, String>>,
}

/// The one task that appends to the log; cheap to clone.
#[derive(Clone, Debug)]
pub struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl Writer {
    /// Starts the writer on `store`; it stops when every `Writer` is dropped and the queue is empty.
    pub fn spawn(store: Store) -> (Writer, tokio::task::JoinHandle<()>) {
        let (jobs, mut queue) = mpsc::channel::<Job>(QUEUE);
        let task = tokio::spawn(async move {
            let mut batch = Vec::with_capacity(BATCH);
            while queue.recv_many(&mut batch, BATCH).await > 0 {
                let input: Vec<(Submission, i64)> = batch.iter().map(|j: &Job| (j.submission.clone(), j.received_ms)).collect();
                match store.append(&input).await {
                    Ok(outcomes) => {
                        for (job, outcome) in batch.drain(..).zip(outcomes) {
                            let _ = job.reply.send(Ok(outcome));
                        }
                    }
                    Err(e) => {
                        eprintln!("consent-gate-server: could not append {} records: {e}", batch.len());
                        for job in batch.drain(..) {
                            let _ = job.reply.send(Err(e.to_string()));
                        }
                    }
                }
            }
        });
        (Writer { jobs }, task)
    }

    /// Appends `submission`, received now; returns once it is committed (or refused).
    pub async fn submit(&self, submission: Submission) -> Result<Outcome, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.jobs.send(Job { submission, received_ms: now_ms(), reply }).await.map_err(|_| StoreError::WriterGone)?;
        match answer.await {
            Ok(Ok(outcome)) => Ok(outcome),
            Ok(Err(message)) => Err(StoreError::Database(sqlx::Error::Protocol(message))),
            Err(_) => Err(StoreError::WriterGone),
        }
    }
}
