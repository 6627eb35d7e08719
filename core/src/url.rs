//! Tracker URL matching: splitting an absolute URL into host, path and query, and host rules
//! such as `*.hotjar.com`, `www.facebook.com/tr` or `www.googletagmanager.com/gtag/js?id=G-`.
//!
//! Matching is by host and path, never by a substring of the whole URL: the host is compared
//! whole (or, for `*.` rules, on a label boundary), so `google-analytics.com.evil.test` and
//! `evilgoogle-analytics.com` are not Google Analytics, and a tracker host in another URL's
//! path or query (`https://example.com/?u=www.google-analytics.com`) does not count.

use crate::split;

/// The parts of a URL the rules look at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parts<'a> {
    /// The host, without user info, port or trailing dot (case as given).
    pub host: &'a str,
    /// The path, from the first `/` (empty if there is none).
    pub path: &'a str,
    /// The query, without `?` (empty if there is none).
    pub query: &'a str,
}

/// Splits an absolute `http(s):` or `ws(s):` URL (as the browser resolved it). Anything else
/// (`data:`, `blob:`, `about:`, relative or malformed text) is `None`: it cannot reach a tracker
/// host.
pub fn parse(url: &str) -> Option<Parts<'_>> {
    // None of these schemes has a `:`; splitting at a character needs no substring search.
    let (scheme, rest) = split::cut(url, b':')?;
    let rest = rest.strip_prefix("//")?;
    if !["http", "https", "ws", "wss"].iter().any(|s| s.eq_ignore_ascii_case(scheme)) {
        return None;
    }
    // Browsers read `\` as `/` in these schemes.
    let authority_end = rest.bytes().position(|b| matches!(b, b'/' | b'?' | b'#' | b'\\')).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let host_port = authority.bytes().rposition(|b| b == b'@').map_or(authority, |at| &authority[at + 1..]);
    let host = if host_port.starts_with("[") {
        host_port.bytes().position(|b| b == b']').map_or(host_port, |end| &host_port[..=end])
    } else {
        split::cut(host_port, b':').map_or(host_port, |(host, _)| host)
    };
    let host = host.strip_suffix(".").unwrap_or(host);
    if host.is_empty() {
        return None;
    }
    let tail = split::cut(tail, b'#').map_or(tail, |(before, _)| before);
    let (path, query) = split::cut(tail, b'?').unwrap_or((tail, ""));
    Some(Parts { host, path, query })
}

/// A host rule: `host`, `*.host` (the host and its subdomains), optionally followed by a path
/// prefix (`/tr`, `/gtag/js`) and one query condition (`?id=G-`: the `id` parameter starts
/// with `G-`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule<'a> {
    host: &'a str,
    subdomains: bool,
    path: &'a str,
    param: Option<(&'a str, &'a str)>,
}

impl<'a> Rule<'a> {
    /// Reads a rule; `None` if it is not one (empty host, spaces, a scheme, a bare `*`).
    pub fn parse(text: &'a str) -> Option<Rule<'a>> {
        let rule = Rule::read(text)?;
        let valid_host = !rule.host.is_empty()
            && split::pieces(rule.host, b'.').all(|label| !label.is_empty())
            && rule.host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
        let valid_text = |t: &str| t.bytes().all(|b| b > b' ' && b < 0x7f && !matches!(b, b'#' | b'?' | b'&' | b'\\'));
        let valid_param = rule.param.is_none_or(|(k, v)| !k.is_empty() && valid_text(k) && valid_text(v));
        (valid_host && valid_text(rule.path) && valid_param).then_some(rule)
    }

    /// Splits rule text into its parts without checking them (see [`Rule::parse`]).
    fn read(text: &'a str) -> Option<Rule<'a>> {
        let (host, subdomains, rest) = rule_parts(text);
        let (path, param) = match split::cut(rest, b'?') {
            Some((path, condition)) => (path, Some(split::cut(condition, b'=')?)),
            None => (rest, None),
        };
        Some(Rule { host, subdomains, path, param })
    }

    /// Its host (without `*.`), whether it covers subdomains, its path prefix and its query
    /// condition (key, value prefix): what the stub's generated table holds for it.
    pub fn parts(&self) -> (&'a str, bool, &'a str, Option<(&'a str, &'a str)>) {
        (self.host, self.subdomains, self.path, self.param)
    }

    /// Whether `url` is covered by this rule.
    pub fn matches(&self, url: &Parts) -> bool {
        host_covers(self.host, self.subdomains, url.host) && self.path_matches(url.path) && self.param_matches(url.query)
    }

    /// A prefix on a segment boundary: `/tr` covers `/tr` and `/tr/x`, not `/track`; a prefix
    /// ending in `/` covers everything under it.
    fn path_matches(&self, path: &str) -> bool {
        let Some(rest) = path.strip_prefix(self.path) else { return false };
        self.path.is_empty() || self.path.ends_with("/") || rest.is_empty() || rest.starts_with("/")
    }

    fn param_matches(&self, query: &str) -> bool {
        let Some((key, prefix)) = self.param else { return true };
        split::pieces(query, b'&').filter_map(|pair| split::cut(pair, b'=')).any(|(k, v)| k == key && v.starts_with(prefix))
    }
}

/// Whether the rule `text` covers `url`. The rules are checked ones (the catalog's are tested, a
/// config's were checked as it was read), so they are only split here, and only where the host
/// matches: this runs for every URL the page gives a script, frame, image or request.
pub fn covers(text: &str, url: &Parts) -> bool {
    let (host, subdomains, _) = rule_parts(text);
    host_covers(host, subdomains, url.host) && Rule::read(text).is_some_and(|rule| rule.matches(url))
}

/// Whether one of the space-separated rules in `list` (a catalog entry's hosts) covers `url`.
pub fn any_covers(list: &str, url: &Parts) -> bool {
    list.split_ascii_whitespace().any(|rule| covers(rule, url))
}

/// A checked rule's host, and whether it covers subdomains (`*.`).
pub fn rule_host(text: &str) -> (&str, bool) {
    let (host, subdomains, _) = rule_parts(text);
    (host, subdomains)
}

/// Rule text's host (without `*.`), whether it covers subdomains, and the rest (path, condition).
fn rule_parts(text: &str) -> (&str, bool, &str) {
    let (host, rest) = text.split_at(text.bytes().position(|b| b == b'/' || b == b'?').unwrap_or(text.len()));
    match host.strip_prefix("*.") {
        Some(host) => (host, true, rest),
        None => (host, false, rest),
    }
}

/// Whether `host` (or, with `subdomains`, one of its subdomains) is `url_host`.
fn host_covers(host: &str, subdomains: bool, url_host: &str) -> bool {
    if url_host.eq_ignore_ascii_case(host) {
        return true;
    }
    // `*.example.com`: a label boundary before the suffix.
    subdomains
        && url_host.len() > host.len()
        && url_host.as_bytes()[url_host.len() - host.len() - 1] == b'.'
        && url_host[url_host.len() - host.len()..].eq_ignore_ascii_case(host)
}

/// The value of the query parameter `key` in `url`, if present.
pub fn query_param<'a>(url: &Parts<'a>, key: &str) -> Option<&'a str> {
    split::pieces(url.query, b'&').filter_map(|pair| split::cut(pair, b'=')).find(|(k, _)| *k == key).map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn hit(rule: &str, url: &str) -> bool {
        let rule = Rule::parse(rule).expect(rule);
        parse(url).is_some_and(|parts| rule.matches(&parts))
    }

    #[test]
    fn splits_urls() {
        let p = parse("https://user:pw@WWW.Example.com.:8443/a/b?x=1&id=G-1#frag?no").unwrap();
        assert_eq!(p, Parts { host: "WWW.Example.com", path: "/a/b", query: "x=1&id=G-1" });
        assert_eq!(parse("https://example.com").unwrap(), Parts { host: "example.com", path: "", query: "" });
        assert_eq!(parse("wss://ws.hotjar.com/api").unwrap().host, "ws.hotjar.com");
        assert_eq!(parse("https://[::1]:8080/x").unwrap().host, "[::1]");
        assert_eq!(parse("https://example.com\\evil.test/").unwrap().host, "example.com");
        for bad in ["", "/relative/path", "//cdn.example.com/x.js", "data:text/javascript,1", "javascript:alert(1)",
            "blob:https://example.com/1", "about:blank", "https://", "https:///path", "ftp://example.com/", "https://@/"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn hosts_match_whole_or_on_a_label_boundary() {
        assert!(hit("*.google-analytics.com", "https://www.google-analytics.com/g/collect?v=2"));
        assert!(hit("*.google-analytics.com", "https://google-analytics.com/"));
        assert!(hit("*.google-analytics.com", "https://REGION1.Google-Analytics.COM/g/collect"));
        assert!(hit("*.google-analytics.com", "https://www.google-analytics.com./analytics.js"), "trailing dot");
        assert!(hit("*.google-analytics.com", "https://www.google-analytics.com:443/"), "port");
        assert!(!hit("*.google-analytics.com", "https://google-analytics.com.evil.test/analytics.js"));
        assert!(!hit("*.google-analytics.com", "https://evilgoogle-analytics.com/"));
        assert!(!hit("*.google-analytics.com", "https://example.com/?u=https://www.google-analytics.com/collect"));
        assert!(!hit("*.google-analytics.com", "https://example.com/www.google-analytics.com/collect"));
        assert!(!hit("*.google-analytics.com", "https://www.google-analytics.com@evil.test/"), "user info is not the host");
        assert!(hit("*.google-analytics.com", "https://evil.test@www.google-analytics.com/"));
        assert!(hit("cdn.segment.com", "https://cdn.segment.com/analytics.js/v1/k/analytics.min.js"));
        assert!(!hit("cdn.segment.com", "https://x.cdn.segment.com/"), "no wildcard, no subdomains");
    }

    #[test]
    fn paths_match_on_segment_boundaries() {
        assert!(hit("www.facebook.com/tr", "https://www.facebook.com/tr?id=1&ev=PageView"));
        assert!(hit("www.facebook.com/tr", "https://www.facebook.com/tr/"));
        assert!(!hit("www.facebook.com/tr", "https://www.facebook.com/travel"));
        assert!(!hit("www.facebook.com/tr", "https://www.facebook.com/"));
        assert!(!hit("www.facebook.com/tr", "https://www.facebook.com/x/tr"));
        assert!(hit("www.google.com/pagead/", "https://www.google.com/pagead/1p-user-list/1/"));
        assert!(!hit("www.google.com/pagead/", "https://www.google.com/search?q=pagead"));
    }

    #[test]
    fn query_conditions() {
        let gtag = "www.googletagmanager.com/gtag/js?id=G-";
        assert!(hit(gtag, "https://www.googletagmanager.com/gtag/js?id=G-ABC123"));
        assert!(hit(gtag, "https://www.googletagmanager.com/gtag/js?l=dataLayer&id=G-ABC123"));
        assert!(!hit(gtag, "https://www.googletagmanager.com/gtag/js?id=AW-123"));
        assert!(!hit(gtag, "https://www.googletagmanager.com/gtag/js"));
        assert!(!hit(gtag, "https://www.googletagmanager.com/gtag/js?xid=G-1"));
        assert_eq!(query_param(&parse("https://x.test/a?b=1&id=G-9#id=no").unwrap(), "id"), Some("G-9"));
    }

    #[test]
    fn refuses_bad_rules() {
        for bad in ["", "*", "*.", ".example.com", "example..com", "https://example.com", "exa mple.com", "example.com/a b",
            "example.com?id", "example.com?=x", "*.*.example.com", "example.com/#x"] {
            assert_eq!(Rule::parse(bad), None, "{bad}");
        }
        assert!(Rule::parse("*.example.com/path/?id=x-").is_some());
    }

    proptest! {
        #[test]
        fn never_panics(url in "\\PC*", rule in "\\PC*") {
            let parts = parse(&url);
            if let (Some(rule), Some(parts)) = (Rule::parse(&rule), parts) {
                let _ = rule.matches(&parts);
            }
        }

        /// A host that merely contains a tracker's host (as a prefix, or followed by another
        /// domain) never matches its rule.
        #[test]
        fn look_alikes_never_match(prefix in "[a-z0-9-]{1,12}", suffix in "[a-z0-9-]{1,12}\\.[a-z]{2,6}") {
            let rule = Rule::parse("*.hotjar.com").unwrap();
            for host in [format!("{prefix}hotjar.com"), format!("hotjar.com.{suffix}"), format!("static.hotjar.com.{suffix}"),
                format!("{suffix}/static.hotjar.com")] {
                let url = format!("https://{host}/c/hotjar-1.js");
                prop_assert!(!parse(&url).is_some_and(|p| rule.matches(&p)), "{}", url);
            }
        }
    }
}
