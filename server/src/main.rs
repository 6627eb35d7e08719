//! `consent-gate-server`: serves the API (no arguments), or `consent-gate-server verify` walks
//! the hash chain of the database in `CG_DATABASE_URL` and exits 0 if it is intact, 1 if not.

use std::process::ExitCode;

use consent_gate_server::settings::{Settings, DEFAULT_DATABASE_URL};
use consent_gate_server::store::Store;

const USAGE: &str = "usage: consent-gate-server [verify]

  (no argument)  serve the API on CG_LISTEN (default 127.0.0.1:8787)
  verify         walk the hash chain of CG_DATABASE_URL and report the first broken link

environment: CG_LISTEN, CG_DATABASE_URL (default sqlite:consent-records.db; or postgres://...),
             CG_ADMIN_TOKEN (at least 16 characters), CG_ALLOWED_ORIGINS (comma-separated origins)";

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        [] => serve().await,
        ["verify"] => verify().await,
        ["-h" | "--help"] => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        _ => Err(USAGE.to_string()),
    };
    result.unwrap_or_else(|message| {
        eprintln!("consent-gate-server: {message}");
        ExitCode::from(2)
    })
}

async fn serve() -> Result<ExitCode, String> {
    let settings = Settings::from_vars(|name| std::env::var(name).ok()).map_err(|e| e.to_string())?;
    let store = Store::open(&settings.database_url).await.map_err(|e| e.to_string())?;
    let listener = tokio::net::TcpListener::bind(settings.listen).await.map_err(|e| format!("cannot listen on {}: {e}", settings.listen))?;
    let (router, writer) = consent_gate_server::service(&settings, store.clone());
    eprintln!("consent-gate-server: listening on http://{} ({:?} database)", settings.listen, store.backend());
    axum::serve(listener, router).with_graceful_shutdown(shutdown()).await.map_err(|e| e.to_string())?;
    // The router is gone: the writer finishes what it was given, then the pool closes.
    let _ = writer.await;
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

async fn shutdown() {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = async { match term.as_mut() { Some(t) => { t.recv().await; } None => std::future::pending().await } } => {}
    }
}

async fn verify() -> Result<ExitCode, String> {
    let url = std::env::var("CG_DATABASE_URL").ok().filter(|u| !u.is_empty()).unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string());
    let store = Store::open(&url).await.map_err(|e| e.to_string())?;
    let report = store.verify().await.map_err(|e| e.to_string())?;
    println!("{}", serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?);
    Ok(if report.ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
