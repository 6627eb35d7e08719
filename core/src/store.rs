//! Where the visitor's choice is kept, as a rule over any two stores: the consent cookie and its
//! localStorage mirror in the browser (the shell's `CookieStore` and `LocalStore`), two
//! [`MemoryStore`]s in the tests.
//!
//! A [`Store`] holds one string and says when it could not keep one. The text stored is opaque
//! here; [`crate::record`] gives it meaning.

use std::cell::RefCell;

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

/// The consent record: kept in `cookie`, mirrored to `mirror`.
///
/// The cookie is the truth; the mirror is read only when the cookie is absent (for example after
/// a browser capped the cookie's lifetime). A cookie that is present but damaged is *not* replaced
/// by the mirror: damage means "ask again".
pub struct RecordStore<C, M> {
    /// The consent cookie.
    pub cookie: C,
    /// Its mirror.
    pub mirror: M,
}

impl<C: Store, M: Store> RecordStore<C, M> {
    /// The stored record text, if any.
    pub fn load(&self) -> Option<String> {
        self.cookie.load().or_else(|| self.mirror.load())
    }

    /// Stores the record in both places. Succeeds if either kept it; fails with the cookie's
    /// error if neither did, so the choice lasts this page view only. A cookie that was refused
    /// is cleared: an older choice left in it would shadow the mirror.
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

/// A store in memory, for tests: it keeps what it is given, or refuses every write with `refuse`
/// (keeping what it had, as a browser that refuses a cookie does).
#[derive(Debug, Default)]
pub struct MemoryStore {
    /// The value held.
    pub value: RefCell<Option<String>>,
    /// The error every write fails with, if any.
    pub refuse: Option<StoreError>,
}

impl Store for MemoryStore {
    fn load(&self) -> Option<String> {
        self.value.borrow().clone()
    }

    fn save(&self, value: &str) -> Result<(), StoreError> {
        match self.refuse {
            Some(e) => Err(e),
            None => {
                *self.value.borrow_mut() = Some(value.into());
                Ok(())
            }
        }
    }

    fn clear(&self) {
        *self.value.borrow_mut() = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(cookie: Option<&str>, refuse_cookie: bool, mirror: Option<&str>, refuse_mirror: bool) -> RecordStore<MemoryStore, MemoryStore> {
        let memory = |value: Option<&str>, refuse: Option<StoreError>| MemoryStore { value: RefCell::new(value.map(String::from)), refuse };
        RecordStore {
            cookie: memory(cookie, refuse_cookie.then_some(StoreError::CookieRefused)),
            mirror: memory(mirror, refuse_mirror.then_some(StoreError::StorageUnavailable)),
        }
    }

    #[test]
    fn the_cookie_is_the_truth_and_the_mirror_stands_in_only_for_a_missing_one() {
        assert_eq!(store(Some("cookie"), false, Some("mirror"), false).load().as_deref(), Some("cookie"));
        assert_eq!(store(None, false, Some("mirror"), false).load().as_deref(), Some("mirror"));
        assert_eq!(store(Some("damaged"), false, Some("mirror"), false).load().as_deref(), Some("damaged"), "damage means ask again, not the mirror");
        assert_eq!(store(None, false, None, false).load(), None);
    }

    /// One row per situation: which of the two keeps a write, and what the save says.
    #[test]
    fn either_one_keeps_the_choice() {
        let rows = [
            ("both work", false, false, Ok(()), Some("new"), Some("new")),
            ("the cookie is refused", true, false, Ok(()), None, Some("new")),
            ("localStorage is unavailable", false, true, Ok(()), Some("new"), Some("old")),
            ("neither works", true, true, Err(StoreError::CookieRefused), None, Some("old")),
        ];
        for (situation, refuse_cookie, refuse_mirror, result, cookie, mirror) in rows {
            let s = store(Some("old"), refuse_cookie, Some("old"), refuse_mirror);
            assert_eq!(s.save("new"), result, "{situation}");
            assert_eq!(s.cookie.load().as_deref(), cookie, "{situation}: a refused cookie leaves no older choice");
            assert_eq!(s.mirror.load().as_deref(), mirror, "{situation}");
            let kept = if cookie.is_some() || mirror == Some("new") { Some("new") } else { mirror };
            assert_eq!(s.load().as_deref(), kept, "{situation}: what the next page view reads");
        }
    }

    #[test]
    fn clear_removes_both() {
        let s = store(Some("a"), false, Some("b"), false);
        s.clear();
        assert_eq!((s.cookie.load(), s.mirror.load()), (None, None));
    }
}
