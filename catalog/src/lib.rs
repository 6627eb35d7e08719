//! The tracker catalog as data: `services.toml` beside this crate, read strictly (an unknown
//! field or a wrong type is an error naming it), checked (ids, categories, duplicate rules,
//! examples), and turned into the Rust source of the core's `CATALOG` (core/build.rs).
//!
//! What this crate cannot check without the core (that every host rule and cookie pattern is
//! one the core reads, that every example URL belongs to its own service) the core's tests check
//! on the compiled catalog (core/src/catalog.rs).

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

/// The catalog's text, as compiled into every crate that uses this one.
pub const TEXT: &str = include_str!("../services.toml");

/// The categories a catalogued service may default to.
pub const CATEGORIES: [&str; 3] = ["analytics", "session-replay", "marketing"];

/// The whole catalog: the services the gate holds, and the scripts it never holds by default.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// Catalogued services, most specific first.
    pub service: Vec<Service>,
    /// Scripts a site cannot work without: never covered by a rule of the catalog.
    pub exempt: Vec<Exempt>,
}

/// One catalogued service (see the field descriptions at the top of services.toml).
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// The name a config uses to move it.
    pub id: String,
    /// Its visible name.
    pub title: String,
    /// The category it is held under unless the config moves it.
    pub category: String,
    /// Why that category (for README).
    pub why: String,
    /// The vendor's documentation its hosts and snippet come from.
    pub docs: String,
    /// The vendor's privacy policy (linked from a held embed's placeholder).
    pub privacy: String,
    /// Host rules of its scripts, frames, pixels and beacons.
    pub hosts: Vec<String>,
    /// First-party cookie name patterns.
    #[serde(default)]
    pub cookies: Vec<String>,
    /// localStorage / sessionStorage key patterns.
    #[serde(default)]
    pub storage: Vec<String>,
    /// Its install snippets in tests/e2e/snippets/.
    pub snippets: Vec<String>,
    /// URLs it loads, with the kind of thing that carries each.
    pub examples: Vec<Example>,
}

/// A URL a service loads, and what carries it.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// What carries it.
    pub kind: Kind,
    /// The absolute URL.
    pub url: String,
}

/// What carries a URL into the page.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A `<script src>`.
    Script,
    /// An `<iframe src>`.
    Frame,
    /// An `<img src>` (a tracking pixel or a thumbnail).
    Pixel,
    /// `fetch`, `XMLHttpRequest` or `navigator.sendBeacon`.
    Request,
}

/// A script the gate never holds by default.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Exempt {
    /// A short name.
    pub id: String,
    /// Its visible name.
    pub title: String,
    /// Why a site cannot work without it.
    pub why: String,
    /// The vendor's documentation.
    pub docs: String,
    /// Its install snippet in tests/e2e/snippets/.
    pub snippet: String,
    /// URLs it loads: none may be covered by a rule of the catalog.
    pub examples: Vec<String>,
}

/// Reads and checks the catalog in `text`; the error names the entry and what is wrong.
pub fn read(text: &str) -> Result<Catalog, String> {
    let catalog: Catalog = toml::from_str(text).map_err(|e| e.to_string())?;
    catalog.check()?;
    Ok(catalog)
}

/// The repository's catalog (`services.toml`), read and checked.
pub fn load() -> Result<Catalog, String> {
    read(TEXT)
}

impl Catalog {
    /// What can be checked without the core: unique well-formed ids, known categories, no empty
    /// or repeated lists, no host rule in two services, documentation and examples for each.
    fn check(&self) -> Result<(), String> {
        let mut ids: Vec<&str> = Vec::new();
        let mut rules: Vec<(&str, &str)> = Vec::new();
        for s in &self.service {
            let fail = |what: String| Err(format!("service {}: {what}", s.id));
            let id_ok = !s.id.is_empty() && s.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !id_ok {
                return fail("an id is lowercase letters, digits and -".into());
            }
            if ids.contains(&s.id.as_str()) {
                return fail("the id is used twice".into());
            }
            ids.push(&s.id);
            if !CATEGORIES.contains(&s.category.as_str()) {
                return fail(format!("category {:?} is none of {CATEGORIES:?}", s.category));
            }
            for (name, text) in [("title", &s.title), ("why", &s.why)] {
                if text.trim().is_empty() || text.contains(['"', '\\', '\n', '|']) {
                    return fail(format!("{name} is empty or has a character README or Rust cannot hold as is"));
                }
            }
            if !s.docs.starts_with("https://") {
                return fail("docs is the vendor's https:// page".into());
            }
            if !s.privacy.starts_with("https://") || s.privacy.contains(['"', '\\', ' ']) {
                return fail("privacy is the vendor's https:// privacy policy".into());
            }
            for (name, list) in [("hosts", &s.hosts), ("cookies", &s.cookies), ("storage", &s.storage), ("snippets", &s.snippets)] {
                if list.iter().any(|item| item.is_empty() || item.contains(char::is_whitespace) || item.contains(['"', '\\'])) {
                    return fail(format!("{name} has an empty item or one with a space or quote"));
                }
                if list.iter().enumerate().any(|(i, item)| list[..i].contains(item)) {
                    return fail(format!("{name} lists an item twice"));
                }
            }
            if s.hosts.is_empty() || s.snippets.is_empty() || s.examples.is_empty() {
                return fail("a service has hosts, snippets and examples".into());
            }
            for rule in &s.hosts {
                let lower = rule.to_ascii_lowercase();
                if let Some((other, _)) = rules.iter().find(|(_, known)| known.eq_ignore_ascii_case(&lower)) {
                    return fail(format!("host rule {rule} is also {other}'s"));
                }
            }
            rules.extend(s.hosts.iter().map(|rule| (s.id.as_str(), rule.as_str())));
            if let Some(e) = s.examples.iter().find(|e| !e.url.starts_with("https://")) {
                return fail(format!("example {} is not an https:// URL", e.url));
            }
        }
        for e in &self.exempt {
            if e.examples.is_empty() || e.examples.iter().any(|url| !url.starts_with("https://")) || !e.docs.starts_with("https://") {
                return Err(format!("exempt {}: docs and examples are https:// URLs, at least one example", e.id));
            }
        }
        Ok(())
    }

    /// The Rust source of the core's `CATALOG` (core/build.rs includes it): one `Entry` a
    /// service, its lists space-separated.
    pub fn rust_source(&self) -> String {
        let mut out = String::from("/// Every catalogued service, most specific first (generated from catalog/services.toml).\n");
        out.push_str("pub static CATALOG: &[Entry] = &[\n");
        for s in &self.service {
            // The checks above keep quotes, backslashes and line breaks out of every field.
            let _ = writeln!(
                out,
                "    Entry {{ id: \"{}\", title: \"{}\", category: \"{}\", privacy: \"{}\", hosts: \"{}\", cookies: \"{}\", storage: \"{}\" }},",
                s.id,
                s.title,
                s.category,
                s.privacy,
                s.hosts.join(" "),
                s.cookies.join(" "),
                s.storage.join(" "),
            );
        }
        out.push_str("];\n");
        out
    }

    /// README's table of the catalogued services and of the exempt scripts (markdown).
    pub fn readme_table(&self) -> String {
        let mut out = String::from("| Service | Held under | Why | Hosts |\n|---|---|---|---|\n");
        for s in &self.service {
            let hosts: Vec<String> = s.hosts.iter().map(|h| format!("`{h}`")).collect();
            let _ = writeln!(out, "| [{}]({}) (`{}`) | {} | {} | {} |", s.title, s.docs, s.id, s.category, s.why, hosts.join(" "));
        }
        out.push_str("\nNever held by default (a site that needs them held lists their hosts in its own config):\n\n");
        for e in &self.exempt {
            let _ = writeln!(out, "- [{}]({}): {}", e.title, e.docs, e.why);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_repository_catalog_reads_and_passes_its_checks() {
        let catalog = load().unwrap();
        assert!(catalog.service.len() >= 37, "{}", catalog.service.len());
        assert!(catalog.exempt.len() >= 3);
    }

    #[test]
    fn unknown_fields_wrong_types_and_bad_entries_are_refused_by_name() {
        let base = r#"
[[service]]
id = "x"
title = "X"
category = "analytics"
why = "Because."
docs = "https://example.com/docs"
privacy = "https://example.com/privacy"
hosts = ["x.example.com"]
snippets = ["x"]
examples = [{ kind = "script", url = "https://x.example.com/x.js" }]
"#;
        // Top-level keys go before the first table.
        let with = |services: String| format!("exempt = []\n{services}");
        assert!(read(&with(base.to_string())).is_ok());
        let fails = |services: String, needle: &str| {
            let error = read(&with(services)).expect_err(needle);
            assert!(error.contains(needle), "{error} should name {needle}");
        };
        fails(format!("{base}colour = 1"), "colour");
        fails(base.replace("hosts = [\"x.example.com\"]", "hosts = 3"), "hosts");
        fails(base.replace("\"script\"", "\"video\""), "video");
        fails(base.replace("\"analytics\"", "\"ads\""), "ads");
        fails(base.replace("https://example.com/docs", "http://example.com/docs"), "docs");
        fails(base.replace("https://example.com/privacy", "http://example.com/privacy"), "privacy");
        fails(format!("{base}{}", base.replace("x.example.com\"]", "X.Example.com\"]").replace("id = \"x\"", "id = \"y\"")), "x's");
        fails(format!("{base}{base}"), "twice");
        fails(base.replace("[\"x.example.com\"]", "[\"x.example.com\", \"a b\"]"), "space");
        fails(base.replace("Because.", "A \\\"quote\\\"."), "why");
    }

    #[test]
    fn generated_rust_and_readme_hold_every_service() {
        let catalog = load().unwrap();
        let rust = catalog.rust_source();
        let readme = catalog.readme_table();
        for s in &catalog.service {
            assert!(rust.contains(&format!("id: \"{}\"", s.id)) && readme.contains(&format!("(`{}`)", s.id)), "{}", s.id);
        }
    }
}
