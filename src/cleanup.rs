//! Clean-up: deleting the cookies and storage keys of denied or withdrawn services.
//!
//! A cookie can only be deleted with the domain it was set on, which the page cannot read. So
//! each matching cookie is deleted host-only and on every parent domain up to the registrable
//! domain (`shop.example.co.uk` → `shop.example.co.uk`, `example.co.uk`, never `co.uk`). Which
//! parent is registrable is learnt from the browser itself, which refuses cookies on public
//! suffixes: a probe cookie is tried from the shortest candidate down. No public-suffix list is
//! shipped. Only path `/` is cleared. Third-party, `HttpOnly` and other-path cookies are out of
//! a page script's reach.

use consent_gate_core::cookie::{self, NamePattern};
use web_sys::{Document, Storage};

use crate::dom;

const PROBE: &str = "__cg_probe";

/// The index in `candidates` (longest first) of the registrable domain: the shortest one the
/// browser lets the page set a cookie on.
fn registrable(doc: &Document, candidates: &[&str]) -> Option<usize> {
    (0..candidates.len()).rev().find(|&i| {
        let domain = candidates.get(i).copied();
        let attrs = cookie::Attributes { path: "/", domain, max_age: 60, same_site: Some("Lax"), secure: dom::is_https() };
        dom::set_cookie(doc, &cookie::set_cookie(PROBE, "1", &attrs));
        let kept = cookie::find(&dom::cookies(doc), PROBE).is_some();
        if kept {
            dom::set_cookie(doc, &cookie::delete_cookie(PROBE, domain));
        }
        kept
    })
}

/// Deletes every cookie whose name matches one of `patterns`.
pub fn delete_cookies(doc: &Document, patterns: &[NamePattern]) {
    let header = dom::cookies(doc);
    let mut names: Vec<&str> = Vec::new();
    for (name, _) in cookie::pairs(&header) {
        if !names.contains(&name) && matches_any(patterns, name) {
            names.push(name);
        }
    }
    if names.is_empty() {
        return;
    }
    let host = dom::hostname();
    let candidates = cookie::domain_candidates(&host);
    let domains = registrable(doc, &candidates).and_then(|i| candidates.get(..=i)).unwrap_or_default();
    for name in names {
        dom::set_cookie(doc, &cookie::delete_cookie(name, None));
        for domain in domains {
            dom::set_cookie(doc, &cookie::delete_cookie(name, Some(domain)));
        }
    }
}

fn matches_any(patterns: &[NamePattern], name: &str) -> bool {
    patterns.iter().any(|p| p.matches(name))
}

fn delete_keys(storage: &Storage, patterns: &[NamePattern]) {
    // Keys are collected first: removing one renumbers the rest.
    let mut keys = Vec::new();
    for i in 0..storage.length().unwrap_or(0) {
        if let Ok(Some(key)) = storage.key(i) {
            if matches_any(patterns, &key) {
                keys.push(key);
            }
        }
    }
    for key in keys {
        let _ = storage.remove_item(&key);
    }
}

/// Deletes every localStorage and sessionStorage key that matches one of `patterns`.
pub fn delete_storage(patterns: &[NamePattern]) {
    if patterns.is_empty() {
        return;
    }
    if let Some(storage) = dom::local_storage() {
        delete_keys(&storage, patterns);
    }
    if let Some(storage) = dom::session_storage() {
        delete_keys(&storage, patterns);
    }
}
