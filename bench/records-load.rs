//! Load on the consent records service: sustained writes from this process to the server
//! binary (target/release/consent-gate-server, a separate process) over loopback, for
//! `RECORDS_LOAD_SECONDS` (default 60) or `RECORDS_LOAD_MAX` requests (default 1,000,000),
//! from `RECORDS_LOAD_CONNECTIONS` (default 32) connections, each sending its next record when
//! the last is answered. On SQLite, and on PostgreSQL where `CG_TEST_POSTGRES_URL` names a
//! server (scripts/bench.sh starts one). Reports writes/s, p50/p99 latency, errors, and lost
//! records (acknowledged but not in the log, which must verify), as a Markdown table.
//!
//! Run: `cargo build --release -p consent-gate-server && cargo run --release -p consent-gate-server --example load`

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[path = "../server/tests/common/mod.rs"]
mod common;

use common::{ORIGIN, TOKEN};

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

struct Run {
    database: &'static str,
    seconds: f64,
    ok: u64,
    errors: u64,
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    stored: u64,
    verified: bool,
}

async fn run(database: &'static str, database_url: String) -> Run {
    let binary = std::env::current_exe().unwrap().parent().unwrap().parent().unwrap().join("consent-gate-server");
    assert!(binary.exists(), "{} is missing: cargo build --release -p consent-gate-server", binary.display());
    let (mut child, base) = common::spawn_server(&binary, &database_url).await;
    let http = reqwest::Client::builder().pool_max_idle_per_host(256).build().unwrap();
    let seconds = setting("RECORDS_LOAD_SECONDS", 60);
    let max = setting("RECORDS_LOAD_MAX", 1_000_000);
    let connections = setting("RECORDS_LOAD_CONNECTIONS", 32);
    let next = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let workers: Vec<_> = (0..connections)
        .map(|_| {
            let (http, base, next) = (http.clone(), base.clone(), next.clone());
            tokio::spawn(async move {
                let (mut latencies, mut errors) = (Vec::new(), 0u64);
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= max || Instant::now() >= deadline {
                        return (latencies, errors);
                    }
                    let sent = Instant::now();
                    let answer = http.post(format!("{base}/v1/consents")).header("origin", ORIGIN).header("content-type", "text/plain").body(common::record(n, &format!("{:024x}", n / 3)).to_string()).send().await;
                    match answer {
                        Ok(r) if r.status() == 201 => latencies.push(sent.elapsed().as_micros() as u64),
                        _ => errors += 1,
                    }
                }
            })
        })
        .collect();
    let (mut latencies, mut errors) = (Vec::new(), 0);
    for worker in workers {
        let (l, e) = worker.await.unwrap();
        latencies.extend(l);
        errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort_unstable();
    let pct = |p: f64| latencies.get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1))).map_or(0.0, |us| *us as f64 / 1000.0);
    let report: serde_json::Value = http.get(format!("{base}/v1/verify")).bearer_auth(TOKEN).send().await.unwrap().json().await.unwrap();
    let _ = child.kill();
    let _ = child.wait();
    Run {
        database,
        seconds: elapsed,
        ok: latencies.len() as u64,
        errors,
        p50_ms: pct(0.50),
        p99_ms: pct(0.99),
        max_ms: latencies.last().map_or(0.0, |us| *us as f64 / 1000.0),
        stored: report["records"].as_u64().unwrap_or(0),
        verified: report["ok"].as_bool() == Some(true),
    }
}

#[tokio::main]
async fn main() {
    let folder = std::env::temp_dir().join(format!("consent-gate-load-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let mut runs = vec![run("SQLite (WAL, synchronous=FULL)", format!("sqlite:{}", folder.join("load.db").display())).await];
    match std::env::var("CG_TEST_POSTGRES_URL") {
        Ok(_) => {
            let url = common::fresh_database(common::Db::Postgres).await.expect("CG_TEST_POSTGRES_URL is set");
            runs.push(run("PostgreSQL (synchronous_commit on)", url).await);
        }
        Err(_) => eprintln!("!!!!!!!! PostgreSQL skipped: CG_TEST_POSTGRES_URL is not set (scripts/bench.sh starts a server) !!!!!!!!"),
    }
    let _ = std::fs::remove_dir_all(&folder);
    println!("| database | seconds | writes acknowledged | writes/s | p50 | p99 | max | errors | lost | chain |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    let mut failed = false;
    for r in &runs {
        let lost = r.ok.saturating_sub(r.stored);
        println!(
            "| {} | {:.1} | {} | {:.0} | {:.2} ms | {:.2} ms | {:.1} ms | {} | {} | {} |",
            r.database, r.seconds, r.ok, r.ok as f64 / r.seconds, r.p50_ms, r.p99_ms, r.max_ms, r.errors, lost, if r.verified { "verifies" } else { "BROKEN" }
        );
        failed |= r.errors > 0 || lost > 0 || !r.verified || r.stored != r.ok;
    }
    if failed {
        eprintln!("records-load: errors, lost records or a broken chain (see the table)");
        std::process::exit(1);
    }
}
