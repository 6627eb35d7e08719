//! consent-gate's browser layer: the thin shell around [`consent_gate_core`] that reads the page
//! (config, cookies, privacy signals, marked tags), shows the banner, releases tags, stores the
//! choice and exposes `window.ConsentGate`.
//!
//! Decisions are the core's. This crate only carries inputs to it and applies the effects it
//! returns. Its modules:
//! - `app`: the state of a page view and its transitions; `events`: the page's events, routed to
//!   them; `api`: the functions the stub calls; `shapes`: the objects handed to the page;
//! - [`banner`]: the interface; [`release`]: the surgery that releases a held tag; [`trust`]: the
//!   CSP nonce and the Trusted Types policy; [`store`]: the cookie and localStorage stores;
//!   [`cleanup`]: deleting withdrawn services' cookies and keys; `google`: the dataLayer;
//! - [`dom`]: the browser calls several of them share, and the console. A module that builds or
//!   moves elements calls `web-sys` for them itself.
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
mod events;
mod google;
mod placeholder;
pub mod release;
mod shapes;
pub mod store;
pub mod trust;
