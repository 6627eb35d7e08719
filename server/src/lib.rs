//! consent-gate-server: the consent records service. Pages running the gate post each choice
//! ([`record::Submission`]); the service appends it to a hash-chained log in SQLite or
//! PostgreSQL ([`store`], [`chain`]) and lets the site's staff read, export and verify it
//! ([`api`]).

pub mod api;
pub mod chain;
pub mod record;
pub mod settings;
pub mod store;

use std::sync::Arc;

use settings::Settings;
use store::{Store, Writer};

/// The service on an open store: its router, and the writer task (which ends once the router
/// and every clone of its state are dropped).
pub fn service(settings: &Settings, store: Store) -> (axum::Router, tokio::task::JoinHandle<()>) {
    let (writer, task) = Writer::spawn(store.clone());
    let state = api::AppState {
        store,
        writer,
        admin_token: Arc::from(settings.admin_token.as_str()),
        allowed_origins: Arc::from(settings.allowed_origins.clone()),
    };
    (api::router(state), task)
}
