//! The browser's stores of the visitor's choice: the first-party consent cookie, its
//! localStorage mirror, and the opt-out cookie, each a [`Store`] (the rule over the cookie and
//! its mirror is [`consent_gate_core::store`]'s).
//!
//! Writes are checked by reading back, because browsers refuse cookies silently (cookies
//! disabled, jar full, value too large).

use consent_gate_core::config::CookieSettings;
use consent_gate_core::cookie::{self, Attributes};
use consent_gate_core::store::{RecordStore, Store, StoreError};
use web_sys::Document;

use crate::dom;

/// A first-party cookie.
pub struct CookieStore {
    doc: Document,
    name: String,
    domain: Option<String>,
    path: String,
    max_age: u64,
    same_site: &'static str,
}

/// How long the opt-out cookie lives: 400 days, the longest any current browser keeps a cookie.
pub const OPT_OUT_MAX_AGE: u64 = 400 * 24 * 60 * 60;

impl CookieStore {
    /// The consent cookie described by the config.
    pub fn consent(doc: Document, settings: &CookieSettings) -> CookieStore {
        CookieStore {
            doc,
            name: settings.name.clone(),
            domain: settings.domain.clone(),
            path: settings.path.clone(),
            max_age: settings.days.saturating_mul(24 * 60 * 60),
            same_site: settings.same_site.as_str(),
        }
    }

    /// The opt-out cookie: same scope as the consent cookie, path `/`, 400 days.
    pub fn opt_out(doc: Document, name: &str, settings: &CookieSettings) -> CookieStore {
        CookieStore {
            doc,
            name: name.into(),
            domain: settings.domain.clone(),
            path: "/".into(),
            max_age: OPT_OUT_MAX_AGE,
            same_site: "Lax",
        }
    }

    fn write(&self, value: &str, max_age: u64) {
        let attrs = Attributes {
            path: &self.path,
            domain: self.domain.as_deref(),
            max_age,
            same_site: Some(self.same_site),
            secure: dom::is_https(),
        };
        dom::set_cookie(&self.doc, &cookie::set_cookie(&self.name, value, &attrs));
    }
}

impl Store for CookieStore {
    fn load(&self) -> Option<String> {
        cookie::find(&dom::cookies(&self.doc), &self.name).map(String::from)
    }

    fn save(&self, value: &str) -> Result<(), StoreError> {
        self.write(value, self.max_age);
        match self.load() {
            Some(kept) if kept == value => Ok(()),
            _ => Err(StoreError::CookieRefused),
        }
    }

    fn clear(&self) {
        self.write("", 0);
    }
}

/// A localStorage key.
pub struct LocalStore {
    key: String,
}

impl LocalStore {
    /// The key `key` of `localStorage`.
    pub fn new(key: &str) -> LocalStore {
        LocalStore { key: key.into() }
    }
}

impl Store for LocalStore {
    fn load(&self) -> Option<String> {
        dom::local_storage()?.get_item(&self.key).ok().flatten()
    }

    fn save(&self, value: &str) -> Result<(), StoreError> {
        let storage = dom::local_storage().ok_or(StoreError::StorageUnavailable)?;
        storage.set_item(&self.key, value).map_err(|_| StoreError::StorageUnavailable)
    }

    fn clear(&self) {
        if let Some(storage) = dom::local_storage() {
            let _ = storage.remove_item(&self.key);
        }
    }
}

/// The consent record: the cookie, mirrored to localStorage (the rule is the core's).
pub type Record = RecordStore<CookieStore, LocalStore>;
