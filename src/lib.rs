//! consent-gate's browser layer: the thin shell around [`consent_gate_core`] that reads the page
//! (config, cookies, privacy signals, marked tags), shows the banner, releases tags, stores the
//! choice and exposes `window.ConsentGate`.
//!
//! Decisions are the core's. This crate only carries inputs to it and applies the effects it
//! returns; [`dom`] is its one door to `web-sys`.
#![deny(missing_docs)]
#![deny(unsafe_code)]

// The module's own allocator; `--cfg consent_gate_std_alloc` builds with the standard one
// instead, for the bench to measure what it saves.
#[cfg(all(target_arch = "wasm32", not(consent_gate_std_alloc)))]
#[allow(unsafe_code)]
mod alloc;
mod api;
mod app;
pub mod banner;
pub mod cleanup;
pub mod dom;
mod google;
pub mod release;
pub mod store;
pub mod trust;
