//! What the server's tests (and the load bench, bench/records-load.rs) share: a fresh database
//! of each kind, a server on a free loopback port (in this process, or the binary in its own),
//! and records to send.
//!
//! PostgreSQL comes from `CG_TEST_POSTGRES_URL` (scripts/test.sh starts a throw-away cluster
//! and sets it); each test gets a database of its own there. Without it the PostgreSQL half of
//! each test is skipped, loudly.

#![allow(dead_code, unused_macros)] // each user takes part of this

use std::sync::atomic::{AtomicU32, Ordering};

use consent_gate_server::settings::Settings;
use consent_gate_server::store::Store;
use serde_json::{json, Value};
use sqlx::Executor;

pub const TOKEN: &str = "test-admin-token-0123456789";
pub const ORIGIN: &str = "https://shop.example";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// A fresh, empty database's URL, or `None` (PostgreSQL not configured: the test is skipped).
pub async fn fresh_database(db: Db) -> Option<String> {
    static N: AtomicU32 = AtomicU32::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let name = format!("cg_test_{}_{n}", std::process::id());
    match db {
        Db::Sqlite => {
            let dir = std::env::temp_dir().join("consent-gate-server-tests");
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join(format!("{name}.db"));
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
            Some(format!("sqlite:{}", path.display()))
        }
        Db::Postgres => {
            let Ok(base) = std::env::var("CG_TEST_POSTGRES_URL") else {
                eprintln!("SKIPPED (PostgreSQL): CG_TEST_POSTGRES_URL is not set; scripts/test.sh starts a cluster and sets it");
                return None;
            };
            sqlx::any::install_default_drivers();
            let mut admin = <sqlx::AnyConnection as sqlx::Connection>::connect(&base).await.expect("connect to CG_TEST_POSTGRES_URL");
            admin.execute(format!("DROP DATABASE IF EXISTS {name}").as_str()).await.unwrap();
            admin.execute(format!("CREATE DATABASE {name}").as_str()).await.unwrap();
            let (prefix, _) = base.rsplit_once('/').expect("CG_TEST_POSTGRES_URL ends with /database");
            Some(format!("{prefix}/{name}"))
        }
    }
}

pub fn settings(database_url: &str) -> Settings {
    Settings {
        listen: "127.0.0.1:0".parse().unwrap(),
        database_url: database_url.to_string(),
        admin_token: TOKEN.to_string(),
        allowed_origins: vec![ORIGIN.to_string(), "http://127.0.0.1:8080".to_string()],
    }
}

/// The service in this process on a free port.
pub struct Server {
    pub base: String,
    pub store: Store,
    pub database_url: String,
    pub http: reqwest::Client,
}

pub async fn start(db: Db) -> Option<Server> {
    let database_url = fresh_database(db).await?;
    let store = Store::open(&database_url).await.expect("open the store");
    let (router, _writer) = consent_gate_server::service(&settings(&database_url), store.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    Some(Server { base, store, database_url, http: reqwest::Client::new() })
}

/// The server `binary` in its own process on a free port, with [`TOKEN`] and [`ORIGIN`];
/// returns once it answers, with its base URL.
pub async fn spawn_server(binary: &std::path::Path, database_url: &str) -> (std::process::Child, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = std::process::Command::new(binary)
        .env("CG_LISTEN", format!("127.0.0.1:{port}"))
        .env("CG_DATABASE_URL", database_url)
        .env("CG_ADMIN_TOKEN", TOKEN)
        .env("CG_ALLOWED_ORIGINS", ORIGIN)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
    let base = format!("http://127.0.0.1:{port}");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while reqwest::get(format!("{base}/healthz")).await.map_or(true, |r| !r.status().is_success()) {
        assert!(std::time::Instant::now() < deadline, "the server did not start");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    (child, base)
}

/// A record as the gate sends it; `n` makes its record id.
pub fn record(n: u64, consent_id: &str) -> Value {
    json!({
        "record_id": format!("{n:032x}"),
        "consent_id": consent_id,
        "revision": 3,
        "granted": ["necessary", "analytics"],
        "denied": ["session-replay", "marketing"],
        "source": "banner",
        "gpc": false,
        "language": "en",
        "origin": ORIGIN,
        "client_time": "2026-12-07T10:00:00.000Z"
    })
}

impl Server {
    pub async fn post(&self, body: impl std::borrow::Borrow<Value>) -> (u16, Value) {
        self.post_raw(&body.borrow().to_string(), Some(ORIGIN), "application/json").await
    }

    pub async fn post_raw(&self, body: &str, origin: Option<&str>, content_type: &str) -> (u16, Value) {
        let mut request = self.http.post(format!("{}/v1/consents", self.base)).header("content-type", content_type).body(body.to_string());
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> reqwest::Response {
        let mut request = self.http.get(format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.unwrap()
    }

    pub async fn verify(&self) -> Value {
        self.get("/v1/verify", Some(TOKEN)).await.json().await.unwrap()
    }
}

/// Defines `name::sqlite` and `name::postgres`, each running `body(Db)`.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name(super::common::Db::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name(super::common::Db::Postgres).await
            }
        }
    )*};
}
