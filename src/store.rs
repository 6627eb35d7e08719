//! Where the visitor's choice is kept: the first-party consent cookie, its localStorage mirror,
//! and the opt-out cookie.
//!
//! A [`Store`] holds one string. Writes are checked by reading back, because browsers refuse
//! cookies silently (cookies disabled, jar full, value too large). The text stored is opaque
//! here; [`consent_gate_core::record`] gives it meaning.

use consent_gate_core::config::CookieSettings;
use consent_gate_core::cookie::{self, Attributes};
use web_sys::Document;

use crate::dom;

/// Why a value could not be stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The browser did not keep the cookie (cookies disabled, or the value is too large).
    CookieRefused,
    /// localStorage is unavailable or threw (private mode, quota, sandboxed frame).
    StorageUnavailable,
}

impl StoreError {
    /// A fixed English description, for the console.
    pub fn as_str(self) -> &'static str {
        match self {
            StoreError::CookieRefused => "the browser refused the consent cookie (cookies blocked or too large)",
            StoreError::StorageUnavailable => "localStorage is unavailable",
        }
    }
}

/// One stored string.
pub trait Store {
    /// The stored value, if any.
    fn load(&self) -> Option<String>;
    /// Stores `value`, checking that it was kept.
    fn save(&self, value: &str) -> Result<(), StoreError>;
    /// Removes the value.
    fn clear(&self);
}

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

/// The consent record: the cookie, mirrored to localStorage.
///
/// The cookie is the truth; the mirror is read only when the cookie is absent (for example after
/// a browser capped the cookie's lifetime). A cookie that is present but damaged is *not* replaced
/// by the mirror: damage means "ask again".
pub struct RecordStore {
    /// The consent cookie.
    pub cookie: CookieStore,
    /// Its localStorage mirror.
    pub mirror: LocalStore,
}

impl RecordStore {
    /// The stored record text, if any.
    pub fn load(&self) -> Option<String> {
        self.cookie.load().or_else(|| self.mirror.load())
    }

    /// Stores the record in both places. Succeeds if either kept it; fails with the cookie's
    /// error if neither did, so the choice lasts this page view only. A cookie the browser
    /// refused (too large) must not leave an older choice in place: it would shadow the mirror.
    pub fn save(&self, value: &str) -> Result<(), StoreError> {
        let cookie = self.cookie.save(value);
        if cookie.is_err() {
            self.cookie.clear();
        }
        match (cookie, self.mirror.save(value)) {
            (Err(cookie), Err(_)) => Err(cookie),
            _ => Ok(()),
        }
    }

    /// Removes the record from both places.
    pub fn clear(&self) {
        self.cookie.clear();
        self.mirror.clear();
    }
}
