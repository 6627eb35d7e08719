//! Cookie text: reading `document.cookie`, building `Set-Cookie`-style strings, cookie-name
//! patterns, and the domains a cookie may have been set on.
//!
//! This module writes no cookie itself; the browser layer assigns the strings it builds.

use crate::number::push_decimal;
use crate::split;

/// A cookie or storage-key name as the config lists it: exact, or `^prefix`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NamePattern {
    /// The name itself.
    Exact(String),
    /// Any name that starts with this text.
    Prefix(String),
}

impl NamePattern {
    /// Reads `name` or `^prefix`. Empty names and names that cannot be cookie names are refused
    /// (an empty prefix would match every cookie on the site).
    pub fn parse(text: &str) -> Option<NamePattern> {
        match text.strip_prefix("^") {
            Some(prefix) if is_token(prefix) => Some(NamePattern::Prefix(prefix.into())),
            None if is_token(text) => Some(NamePattern::Exact(text.into())),
            _ => None,
        }
    }

    /// Whether `name` matches.
    pub fn matches(&self, name: &str) -> bool {
        match self {
            NamePattern::Exact(exact) => name == exact,
            NamePattern::Prefix(prefix) => name.starts_with(prefix.as_str()),
        }
    }
}

/// The patterns of a space-separated list that parse (the built-in lists, which all do).
pub fn parse_all(list: &str) -> Vec<NamePattern> {
    let mut out = Vec::new();
    for text in list.split_ascii_whitespace() {
        if let Some(pattern) = NamePattern::parse(text) {
            out.push(pattern);
        }
    }
    out
}

/// Whether `name` is a non-empty RFC 6265 token: visible ASCII without separators.
pub fn is_token(name: &str) -> bool {
    let separator = |b| {
        matches!(b, b'(' | b')' | b'<' | b'>' | b'@' | b',' | b';' | b':' | b'\\' | b'"' | b'/' | b'[' | b']' | b'?' | b'=' | b'{' | b'}')
    };
    !name.is_empty() && name.bytes().all(|b| b > b' ' && b < 0x7f && !separator(b))
}

/// The `name=value` pairs of a `document.cookie` string, in order.
pub fn pairs(header: &str) -> impl Iterator<Item = (&str, &str)> {
    split::pieces(header, b';').filter_map(|pair| {
        let pair = split::trim_spaces(pair);
        let (name, value) = split::cut(pair, b'=').unwrap_or(("", pair));
        (!pair.is_empty()).then_some((split::trim_spaces(name), split::trim_spaces(value)))
    })
}

/// The value of the first cookie called `name`.
pub fn find<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    pairs(header).find(|(n, _)| *n == name).map(|(_, v)| v)
}

/// The attributes of a cookie being written.
#[derive(Clone, Copy, Debug)]
pub struct Attributes<'a> {
    /// `Path`
    pub path: &'a str,
    /// `Domain`, or host-only.
    pub domain: Option<&'a str>,
    /// `Max-Age` in seconds; 0 deletes.
    pub max_age: u64,
    /// `SameSite` value, if any.
    pub same_site: Option<&'a str>,
    /// Add `Secure` (pages served over https, and always with `SameSite=None`).
    pub secure: bool,
}

/// The string to assign to `document.cookie` to write `name=value`.
pub fn set_cookie(name: &str, value: &str, attrs: &Attributes) -> String {
    let mut s = String::with_capacity(name.len() + value.len() + 64);
    s.push_str(name);
    s.push('=');
    s.push_str(value);
    s.push_str("; Path=");
    s.push_str(attrs.path);
    if let Some(domain) = attrs.domain {
        s.push_str("; Domain=");
        s.push_str(domain);
    }
    s.push_str("; Max-Age=");
    push_decimal(&mut s, attrs.max_age);
    if let Some(same_site) = attrs.same_site {
        s.push_str("; SameSite=");
        s.push_str(same_site);
    }
    if attrs.secure || attrs.same_site == Some("None") {
        s.push_str("; Secure");
    }
    s
}

/// The string that deletes cookie `name` at path `/`, host-only or on `domain`.
pub fn delete_cookie(name: &str, domain: Option<&str>) -> String {
    set_cookie(name, "", &Attributes { path: "/", domain, max_age: 0, same_site: None, secure: false })
}

/// The domains a cookie visible on `host` may have been set on with a `Domain` attribute:
/// `host` itself and each parent, longest first, without the top-level label. For
/// `shop.example.co.uk` that is `shop.example.co.uk`, `example.co.uk`, `co.uk`; which of these is
/// a public suffix (`co.uk`) only the browser knows, so the browser layer finds the registrable
/// one by probing from the shortest and never writes above it. IP addresses and single-label hosts
/// (`localhost`) have none: their cookies are host-only.
pub fn domain_candidates(host: &str) -> Vec<&str> {
    let host = split::trim_end(host, b'.');
    let is_ip = host.bytes().any(|b| b == b':') || host.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    if is_ip || host.is_empty() {
        return Vec::new();
    }
    let mut candidates = Vec::new();
    let mut rest = host;
    while let Some((label, parent)) = split::cut(rest, b'.') {
        if parent.is_empty() || label.is_empty() {
            break;
        }
        candidates.push(rest);
        rest = parent;
    }
    candidates
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn patterns() {
        assert_eq!(NamePattern::parse("_ga"), Some(NamePattern::Exact("_ga".into())));
        assert_eq!(NamePattern::parse("^_ga_"), Some(NamePattern::Prefix("_ga_".into())));
        for bad in ["", "^", "a b", "a;b", "a=b", "^a,b", "\"a\"", "é"] {
            assert_eq!(NamePattern::parse(bad), None, "{bad:?}");
        }
        let prefix = NamePattern::parse("^_lr_").unwrap();
        assert!(prefix.matches("_lr_uf_-org") && prefix.matches("_lr_") && !prefix.matches("x_lr_"));
        let exact = NamePattern::parse("_gid").unwrap();
        assert!(exact.matches("_gid") && !exact.matches("_gid2"));
    }

    #[test]
    fn reads_document_cookie() {
        let header = "a=1; cg_consent=1.2.3; empty=; spaced = x ; flag";
        assert_eq!(find(header, "a"), Some("1"));
        assert_eq!(find(header, "cg_consent"), Some("1.2.3"));
        assert_eq!(find(header, "empty"), Some(""));
        assert_eq!(find(header, "spaced"), Some("x"));
        assert_eq!(find(header, "flag"), None, "a nameless cookie is not called flag");
        assert_eq!(find(header, "cg"), None);
        assert_eq!(find("", "a"), None);
        assert_eq!(pairs(header).map(|(n, _)| n).collect::<Vec<_>>(), ["a", "cg_consent", "empty", "spaced", ""]);
    }

    #[test]
    fn builds_cookie_strings() {
        let attrs = Attributes { path: "/", domain: Some("example.com"), max_age: 86400, same_site: Some("Lax"), secure: true };
        assert_eq!(set_cookie("c", "v", &attrs), "c=v; Path=/; Domain=example.com; Max-Age=86400; SameSite=Lax; Secure");
        let none = Attributes { path: "/", domain: None, max_age: 1, same_site: Some("None"), secure: false };
        assert_eq!(set_cookie("c", "v", &none), "c=v; Path=/; Max-Age=1; SameSite=None; Secure");
        assert_eq!(delete_cookie("_ga", Some("example.co.uk")), "_ga=; Path=/; Domain=example.co.uk; Max-Age=0");
        assert_eq!(delete_cookie("_ga", None), "_ga=; Path=/; Max-Age=0");
    }

    #[test]
    fn domain_candidates_stop_before_the_top_level() {
        assert_eq!(domain_candidates("shop.example.co.uk"), ["shop.example.co.uk", "example.co.uk", "co.uk"]);
        assert_eq!(domain_candidates("www.example.com"), ["www.example.com", "example.com"]);
        assert_eq!(domain_candidates("example.com."), ["example.com"]);
        assert!(domain_candidates("localhost").is_empty());
        assert!(domain_candidates("127.0.0.1").is_empty());
        assert!(domain_candidates("[::1]").is_empty());
        assert!(domain_candidates("").is_empty());
        assert!(domain_candidates(".").is_empty());
        assert_eq!(domain_candidates("a..b"), ["a..b"], "odd hosts never yield an empty domain");
    }

    proptest! {
        #[test]
        fn written_cookies_read_back(name in "[A-Za-z0-9_\\-]{1,20}", value in "[A-Za-z0-9._+%\\-]{0,40}") {
            let attrs = Attributes { path: "/", domain: None, max_age: 10, same_site: Some("Lax"), secure: false };
            let written = set_cookie(&name, &value, &attrs);
            let (pair, _) = written.split_once(';').unwrap();
            prop_assert_eq!(find(pair, &name), Some(value.as_str()));
        }

        #[test]
        fn never_panics(header in ".*", host in ".*") {
            let _ = pairs(&header).count();
            for d in domain_candidates(&host) {
                prop_assert!(!d.is_empty() && d.contains('.'));
            }
        }
    }
}
