//! The API against a real server on loopback, on SQLite and on PostgreSQL: writes, reads,
//! export, verification, and every kind of bad input.

mod common;

use common::{record, start, Db, ORIGIN, TOKEN};
use serde_json::{json, Value};
use sqlx::Executor;

const ID: &str = "9f86d081884c7d659a2feaa0";

async fn writes_then_reads_oldest_first(db: Db) {
    let Some(server) = start(db).await else { return };
    let (status, first) = server.post(&record(1, ID)).await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(first["seq"], 1);
    let mut second = record(2, ID);
    second["granted"] = json!(["necessary"]);
    second["denied"] = json!(["analytics", "session-replay", "marketing"]);
    second["source"] = json!("preferences");
    let (status, second_receipt) = server.post(&second).await;
    assert_eq!(status, 201);
    server.post(&record(3, "0000000000000000")).await;

    let response = server.get(&format!("/v1/consents/{ID}"), Some(TOKEN)).await;
    assert_eq!(response.status(), 200);
    let rows: Vec<Value> = response.json().await.unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["record_id"], record(1, ID)["record_id"]);
    assert_eq!(rows[0]["granted"], json!(["necessary", "analytics"]));
    assert_eq!(rows[0]["origin"], ORIGIN);
    assert_eq!(rows[0]["hash"], first["hash"]);
    assert_eq!(rows[1]["source"], "preferences");
    assert_eq!(rows[1]["prev_hash"], first["hash"]);
    assert_eq!(rows[1]["hash"], second_receipt["hash"]);
    assert!(rows[0]["received_at"].as_str().unwrap().ends_with('Z'));
    assert!(rows[0].get("ip").is_none() && rows[0].get("user_agent").is_none());

    let report = server.verify().await;
    assert_eq!(report["ok"], true, "{report}");
    assert_eq!(report["records"], 3);
}

async fn a_record_sent_twice_is_stored_once(db: Db) {
    let Some(server) = start(db).await else { return };
    let (status, receipt) = server.post(&record(1, ID)).await;
    assert_eq!(status, 201);
    let (status, again) = server.post(&record(1, ID)).await;
    assert_eq!(status, 200, "a resend answers 200 with the stored receipt");
    assert_eq!(again, receipt);
    let mut changed = record(1, ID);
    changed["granted"] = json!(["necessary"]);
    let (status, error) = server.post(&changed).await;
    assert_eq!((status, error["field"].as_str()), (409, Some("record_id")));
    // Twenty identical sends at once: still one row.
    let sends: Vec<_> = (0..20).map(|_| server.post(record(2, ID))).collect();
    let statuses: Vec<u16> = futures_util::future::join_all(sends).await.into_iter().map(|(s, _)| s).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 201 || *s == 200), "{statuses:?}");
    let rows: Vec<Value> = server.get(&format!("/v1/consents/{ID}"), Some(TOKEN)).await.json().await.unwrap();
    assert_eq!(rows.len(), 2);
}

async fn bad_input_is_refused_naming_the_field(db: Db) {
    let Some(server) = start(db).await else { return };
    let good = record(1, ID).to_string();
    let with = |f: fn(&mut Value)| {
        let mut r = record(1, ID);
        f(&mut r);
        r.to_string()
    };
    let cases: Vec<(String, Option<&str>, &str, u16, &str)> = vec![
        ("{\"record_id\": ".into(), Some(ORIGIN), "application/json", 400, "record_id"),
        ("[]".into(), Some(ORIGIN), "application/json", 400, "body"),
        (format!("{good} {{}}"), Some(ORIGIN), "application/json", 400, "body"),
        (with(|r| r["colour"] = json!("red")), Some(ORIGIN), "application/json", 400, "colour"),
        (with(|r| r["revision"] = json!("3")), Some(ORIGIN), "application/json", 400, "revision"),
        (with(|r| r["revision"] = json!(-1)), Some(ORIGIN), "application/json", 400, "revision"),
        (with(|r| r["granted"] = json!(["a", 5])), Some(ORIGIN), "application/json", 400, "granted[1]"),
        (with(|r| r["source"] = json!("cookie-wall")), Some(ORIGIN), "application/json", 400, "source"),
        (with(|r| { r.as_object_mut().unwrap().remove("gpc"); }), Some(ORIGIN), "application/json", 400, "gpc"),
        (with(|r| r["consent_id"] = json!("ABC")), Some(ORIGIN), "application/json", 400, "consent_id"),
        (with(|r| r["client_time"] = json!("now")), Some(ORIGIN), "application/json", 400, "client_time"),
        (with(|r| r["origin"] = json!("https://other.example")), Some(ORIGIN), "application/json", 400, "origin"),
        (with(|r| r["language"] = json!("x".repeat(5000))), Some(ORIGIN), "application/json", 413, "body"),
        (good.clone(), Some("https://evil.example"), "application/json", 403, "Origin"),
        (good.clone(), None, "application/json", 403, "Origin"),
        (good.clone(), Some(ORIGIN), "application/xml", 415, "Content-Type"),
    ];
    for (body, origin, content_type, status, field) in cases {
        let (got, error) = server.post_raw(&body, origin, content_type).await;
        assert_eq!((got, error["field"].as_str()), (status, Some(field)), "{body:.120} -> {error}");
        assert!(error["error"].as_str().is_some_and(|e| !e.is_empty()), "{error}");
    }
    // None of them was stored; a good one still is, also as text/plain (what the gate sends).
    assert_eq!(server.verify().await["records"], 0);
    let (status, _) = server.post_raw(&good, Some(ORIGIN), "text/plain;charset=UTF-8").await;
    assert_eq!(status, 201);
}

async fn sql_looking_strings_are_data(db: Db) {
    let Some(server) = start(db).await else { return };
    let evil = "x');DROP/**/TABLE/**/consent_records;--";
    let mut r = record(1, ID);
    r["granted"] = json!(["necessary", evil, "'\"\\;"]);
    let (status, error) = server.post(&r).await;
    assert_eq!(status, 201, "{error}");
    let rows: Vec<Value> = server.get(&format!("/v1/consents/{ID}"), Some(TOKEN)).await.json().await.unwrap();
    assert_eq!(rows[0]["granted"], json!(["necessary", evil, "'\"\\;"]));
    for path in ["/v1/consents/'%20OR%20'1'='1", "/v1/consents/9f86d081'--", "/v1/export?from=2026-01-01T00:00:00Z';DROP"] {
        assert_eq!(server.get(path, Some(TOKEN)).await.status(), 400, "{path}");
    }
    let report = server.verify().await;
    assert_eq!((report["ok"].as_bool(), report["records"].as_u64()), (Some(true), Some(1)));
}

async fn reads_need_the_token(db: Db) {
    let Some(server) = start(db).await else { return };
    server.post(&record(1, ID)).await;
    for path in [format!("/v1/consents/{ID}"), "/v1/export".into(), "/v1/verify".into()] {
        for token in [None, Some("wrong-token-wrong-token-wrong"), Some(&TOKEN[..TOKEN.len() - 1])] {
            let response = server.get(&path, token).await;
            assert_eq!(response.status(), 401, "{path} {token:?}");
            assert_eq!(response.headers()["www-authenticate"], "Bearer");
        }
        assert!(server.get(&path, Some(TOKEN)).await.status().is_success(), "{path}");
    }
    assert_eq!(server.get("/v1/consents/0123456789abcdef", Some(TOKEN)).await.status(), 404);
    assert_eq!(server.get("/healthz", None).await.status(), 200);
}

async fn export_streams_a_time_range(db: Db) {
    let Some(server) = start(db).await else { return };
    // More than one page of the export and of the chain walk, sent 50 at a time.
    let total = consent_gate_server::store::PAGE as u64 + 150;
    let mut receipts = Vec::new();
    for chunk in (0..total).collect::<Vec<_>>().chunks(50) {
        let sends = chunk.iter().map(|n| server.post(record(*n, ID)));
        for (status, receipt) in futures_util::future::join_all(sends).await {
            assert_eq!(status, 201);
            receipts.push(receipt);
        }
    }
    let lines = |body: String| body.lines().map(|l| serde_json::from_str::<Value>(l).unwrap()).collect::<Vec<_>>();
    let response = server.get("/v1/export", Some(TOKEN)).await;
    assert_eq!(response.headers()["content-type"], "application/x-ndjson");
    let all = lines(response.text().await.unwrap());
    assert_eq!(all.len() as u64, total);
    let mut seqs: Vec<i64> = all.iter().map(|r| r["seq"].as_i64().unwrap()).collect();
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=total as i64).collect::<Vec<_>>());
    // A range: from the middle record's receive time (inclusive) to the end (exclusive).
    let middle = &all[all.len() / 2]["received_at"];
    let later = lines(server.get(&format!("/v1/export?from={}", middle.as_str().unwrap()), Some(TOKEN)).await.text().await.unwrap());
    let earlier = lines(server.get(&format!("/v1/export?to={}", middle.as_str().unwrap()), Some(TOKEN)).await.text().await.unwrap());
    assert_eq!(later.len() + earlier.len(), all.len());
    assert!(later.iter().all(|r| r["received_at"].as_str() >= middle.as_str()));
    assert!(earlier.iter().all(|r| r["received_at"].as_str() < middle.as_str()));
    assert_eq!(server.get("/v1/export?since=2026-01-01T00:00:00Z", Some(TOKEN)).await.status(), 400);
    let report = server.verify().await;
    assert_eq!((report["ok"].as_bool(), report["records"].as_u64()), (Some(true), Some(total)), "{report}");
}

async fn tampering_is_found(db: Db) {
    let Some(server) = start(db).await else { return };
    for n in 1..=5 {
        server.post(&record(n, ID)).await;
    }
    let pool = sqlx::AnyPool::connect(&server.database_url).await.unwrap();
    pool.execute("UPDATE consent_records SET content = REPLACE(content, 'analytics', 'marketing') WHERE seq = 3").await.unwrap();
    let report = server.verify().await;
    assert_eq!((report["ok"].as_bool(), report["broken"]["seq"].as_i64()), (Some(false), Some(3)), "{report}");
    assert!(report["broken"]["reason"].as_str().unwrap().contains("edited"));

    // The offline check says the same and exits 1.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_consent-gate-server"))
        .arg("verify")
        .env("CG_DATABASE_URL", &server.database_url)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let offline: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(offline, report);

    pool.execute("DELETE FROM consent_records WHERE seq = 3").await.unwrap();
    let report = server.verify().await;
    assert_eq!(report["broken"]["seq"], 4, "{report}");
    assert!(report["broken"]["reason"].as_str().unwrap().contains("missing"));
}

async fn cross_origin_pages_may_post(db: Db) {
    let Some(server) = start(db).await else { return };
    let preflight = server
        .http
        .request(reqwest::Method::OPTIONS, format!("{}/v1/consents", server.base))
        .header("origin", ORIGIN)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success());
    assert_eq!(preflight.headers()["access-control-allow-origin"], ORIGIN);
    let response = server.http.post(format!("{}/v1/consents", server.base)).header("origin", ORIGIN).body(record(1, ID).to_string()).send().await.unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(response.headers()["access-control-allow-origin"], ORIGIN);
    let refused = server
        .http
        .request(reqwest::Method::OPTIONS, format!("{}/v1/consents", server.base))
        .header("origin", "https://evil.example")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    assert!(refused.headers().get("access-control-allow-origin").is_none());
}

/// The record the gate builds (the core's `proof::record`, which the module runs) is one the
/// service takes, as the browser sends it (text/plain), GPC and a Reject all included.
async fn the_gates_own_record_is_accepted(db: Db) {
    use consent_gate_core::consent::{Choice, Consent, Signals};
    use consent_gate_core::proof::{record, Via};
    let Some(server) = start(db).await else { return };
    for (n, (choice, gpc, via)) in [(Choice::AcceptAll, true, Via::Banner), (Choice::RejectAll, false, Via::Preferences)].into_iter().enumerate() {
        let mut config = consent_gate_core::Config::default();
        config.resolve_language(&["fr-FR".to_string()]);
        let (mut consent, _) = Consent::new(config, None, Signals { gpc, ..Signals::default() }, 1_765_101_600);
        consent.choose(choice, 1_765_101_600, ID.to_string());
        // The second under a region policy, as a page of a site with regions sends it.
        let regions = consent_gate_core::region::worldwide();
        let decision = regions.resolve(Some(("US-CA", consent_gate_core::region::From::Meta)), "", "");
        let region = (n == 1).then(|| (regions.policy(&decision), &decision));
        let body = record(&consent, via, &format!("{n:024x}"), ORIGIN, region).unwrap();
        let (status, receipt) = server.post_raw(&body, Some(ORIGIN), "text/plain;charset=UTF-8").await;
        assert_eq!(status, 201, "{body} -> {receipt}");
    }
    let rows: Vec<Value> = server.get(&format!("/v1/consents/{ID}"), Some(TOKEN)).await.json().await.unwrap();
    assert_eq!((rows[0]["gpc"].as_bool(), rows[0]["source"].as_str()), (Some(true), Some("banner")));
    assert_eq!(rows[1]["granted"], json!(["necessary"]));
    assert_eq!(rows[1]["client_time"], "2025-12-07T10:00:00Z");
    assert!(rows[0].get("region").is_none());
    assert_eq!(rows[1]["region"], json!({"policy": "us", "code": "US-CA", "from": "meta", "mode": "notice"}));
}

on_both_databases!(
    the_gates_own_record_is_accepted,
    writes_then_reads_oldest_first,
    a_record_sent_twice_is_stored_once,
    bad_input_is_refused_naming_the_field,
    sql_looking_strings_are_data,
    reads_need_the_token,
    export_streams_a_time_range,
    tampering_is_found,
    cross_origin_pages_may_post,
);
