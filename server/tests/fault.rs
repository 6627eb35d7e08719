//! The server killed with SIGKILL in the middle of a burst of writes: every record it
//! acknowledged is in the log after a restart, and the chain verifies.

mod common;

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{fresh_database, record, Db, ORIGIN, TOKEN};
use serde_json::Value;

/// The server binary on a free port.
async fn spawn(database_url: &str) -> (std::process::Child, String) {
    common::spawn_server(std::path::Path::new(env!("CARGO_BIN_EXE_consent-gate-server")), database_url).await
}

async fn killed_mid_burst_loses_no_acknowledged_record(db: Db) {
    let Some(database_url) = fresh_database(db).await else { return };
    let (mut child, base) = spawn(&database_url).await;
    let http = reqwest::Client::new();
    let acknowledged = Arc::new(Mutex::new(HashSet::new()));
    let killed = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..32u64)
        .map(|w| {
            let (http, base, acknowledged, killed) = (http.clone(), base.clone(), acknowledged.clone(), killed.clone());
            tokio::spawn(async move {
                for i in 0.. {
                    let body = record(w << 32 | i, &format!("{w:016x}"));
                    let sent = http.post(format!("{base}/v1/consents")).header("origin", ORIGIN).body(body.to_string()).send().await;
                    match sent {
                        Ok(r) if r.status() == 201 => {
                            acknowledged.lock().unwrap().insert(body["record_id"].as_str().unwrap().to_string());
                        }
                        Ok(r) => panic!("unexpected answer {}", r.status()),
                        Err(_) if killed.load(Ordering::SeqCst) => return,
                        Err(e) => panic!("request failed before the kill: {e}"),
                    }
                }
            })
        })
        .collect();
    while acknowledged.lock().unwrap().len() < 500 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    killed.store(true, Ordering::SeqCst);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    for writer in writers {
        writer.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();

    let (mut child, base) = spawn(&database_url).await;
    let export = http.get(format!("{base}/v1/export")).bearer_auth(TOKEN).send().await.unwrap().text().await.unwrap();
    let stored: HashSet<String> = export.lines().map(|l| serde_json::from_str::<Value>(l).unwrap()["record_id"].as_str().unwrap().to_string()).collect();
    let lost: Vec<_> = acknowledged.difference(&stored).collect();
    assert!(lost.is_empty(), "{} of {} acknowledged records lost, e.g. {:?}", lost.len(), acknowledged.len(), lost.first());
    let report: Value = http.get(format!("{base}/v1/verify")).bearer_auth(TOKEN).send().await.unwrap().json().await.unwrap();
    assert_eq!(report["ok"], true, "{report}");
    assert_eq!(report["records"].as_u64(), Some(stored.len() as u64));
    // The chain goes on after the restart.
    let after = record(u64::MAX, "00000000ffffffff");
    let status = http.post(format!("{base}/v1/consents")).header("origin", ORIGIN).body(after.to_string()).send().await.unwrap().status();
    assert_eq!(status, 201);
    let report: Value = http.get(format!("{base}/v1/verify")).bearer_auth(TOKEN).send().await.unwrap().json().await.unwrap();
    assert_eq!((report["ok"].as_bool(), report["records"].as_u64()), (Some(true), Some(stored.len() as u64 + 1)));
    eprintln!("{db:?}: {} acknowledged before SIGKILL, {} stored", acknowledged.len(), stored.len());
    child.kill().unwrap();
    child.wait().unwrap();
}

on_both_databases!(killed_mid_burst_loses_no_acknowledged_record);
