//! The decision core of consent-gate.
//!
//! This crate owns everything that *decides*: the configuration model and its JSON reader, the
//! consent record stored in the visitor's cookie, cookie text parsing and building, and the
//! policy that says which categories are granted given a stored choice, the opt-out cookie,
//! Global Privacy Control, the config revision and the clock; the tracker catalog and the
//! matching of URLs to trackers; Google Consent Mode signals; and the leak audit's timeline.
//!
//! It contains no browser code: no `wasm-bindgen`, `web-sys` or `js-sys`. Time comes in as an
//! integer, signals come in as plain values, and effects come out as values
//! ([`consent::Effects`]) for the browser layer to apply. Every rule can therefore be tested on
//! the host, deterministically.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod audit;
pub mod catalog;
pub mod category;
#[cfg(any(test, feature = "conformance"))]
pub mod conformance;
pub mod config;
pub mod consent;
pub mod console;
pub mod consent_mode;
pub mod cookie;
pub mod holding;
pub mod json;
pub mod number;
pub mod placeholder;
pub mod proof;
pub mod record;
pub mod region;
pub mod release;
pub mod split;
pub mod store;
pub mod texts;
pub mod trackers;
pub mod url;

pub use category::CategorySet;
pub use config::{Config, ConfigError};
pub use consent::{Choice, Consent, Effects, Signals};
pub use record::ConsentRecord;
