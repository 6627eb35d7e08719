//! Proof of consent: the record the gate posts to the site's records service (`records_url`)
//! after each choice, and the outbox that keeps the records not yet delivered.
//!
//! A record is JSON, the body of `POST /v1/consents` (see `server/` and README): a fresh random
//! `record_id`, the consent id of the choice just stored, the revision, the granted and denied
//! categories, where the choice was made, whether GPC was on, the language shown, the page's
//! origin and the choice's time. The outbox is the text of one localStorage entry: one line
//! per record, `<record_id> <json>`, oldest first, at most [`MAX_PENDING`]. A record leaves it
//! once the service has answered 2xx (stored, or already stored: the service takes a resend of
//! the same `record_id` as a no-op) or refused it for good (see [`Delivery`]).

use crate::consent::Consent;
use crate::region::{Decision, Policy};
use crate::number::push_decimal;
use crate::split;

/// The most records kept for a later page view; beyond it the oldest go.
pub const MAX_PENDING: usize = 20;

/// Where the choice was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// The first-layer banner.
    Banner,
    /// The preferences dialog.
    Preferences,
    /// The site's code, through the JS API.
    Api,
    /// "Always allow" on a held embed's placeholder.
    Placeholder,
}

impl Via {
    /// The record's `source`.
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Banner => "banner",
            Via::Preferences => "preferences",
            Via::Api => "api",
            Via::Placeholder => "placeholder",
        }
    }
}

/// Appends `text` as a JSON string.
fn push_string(out: &mut String, text: &str) {
    out.push('"');
    let mut rest = text;
    // Escapes are ASCII; everything between them is copied as it is.
    while let Some(i) = rest.bytes().position(|b| b == b'"' || b == b'\\' || b < 0x20) {
        out.push_str(&rest[..i]);
        let b = rest.as_bytes()[i];
        out.push('\\');
        match b {
            b'"' | b'\\' => out.push(char::from(b)),
            _ => {
                out.push_str("u00");
                out.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
                out.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
            }
        }
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
    out.push('"');
}

fn push_two(out: &mut String, n: u64) {
    out.push(char::from(b'0' + (n / 10 % 10) as u8));
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// Seconds since the Unix epoch as RFC 3339 UTC (`2026-12-07T10:00:00Z`).
pub fn push_time(out: &mut String, seconds: u64) {
    // Days to a civil date: Howard Hinnant's `civil_from_days`, for days on or after 1970-01-01.
    let days = seconds / 86_400;
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    push_decimal(out, year);
    for (separator, n) in [('-', month), ('-', day), ('T', seconds / 3600 % 24), (':', seconds / 60 % 60), (':', seconds % 60)] {
        out.push(separator);
        push_two(out, n);
    }
    out.push('Z');
}

/// The record of the choice `consent` holds (`None` if it holds none), made `via`, with a fresh
/// `record_id`, on a page of `origin`, under the region policy `region` decided for the page
/// view (where the config has regions).
pub fn record(consent: &Consent, via: Via, record_id: &str, origin: &str, region: Option<(&Policy, &Decision)>) -> Option<String> {
    let choice = consent.chosen()?;
    let config = consent.config();
    let mut out = String::with_capacity(320);
    out.push_str("{\"record_id\":");
    push_string(&mut out, record_id);
    out.push_str(",\"consent_id\":");
    push_string(&mut out, &choice.id);
    out.push_str(",\"revision\":");
    push_decimal(&mut out, choice.revision);
    let required = config.required();
    for (key, granted) in [(",\"granted\":[", true), ("],\"denied\":[", false)] {
        out.push_str(key);
        let mut first = true;
        for (i, category) in config.categories.iter().enumerate() {
            if (required.contains(i) || choice.granted.contains(&category.name)) == granted {
                if !first {
                    out.push(',');
                }
                first = false;
                push_string(&mut out, &category.name);
            }
        }
    }
    out.push(']');
    if !choice.services.is_empty() {
        // Services granted one by one, in categories not granted whole.
        out.push_str(",\"services\":[");
        for (i, name) in choice.services.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_string(&mut out, name);
        }
        out.push(']');
    }
    out.push_str(",\"source\":");
    push_string(&mut out, via.as_str());
    out.push_str(if consent.gpc() { ",\"gpc\":true" } else { ",\"gpc\":false" });
    out.push_str(",\"language\":");
    push_string(&mut out, &config.language);
    out.push_str(",\"origin\":");
    push_string(&mut out, origin);
    out.push_str(",\"client_time\":\"");
    push_time(&mut out, choice.time);
    out.push('"');
    if let Some((policy, decision)) = region {
        out.push_str(",\"region\":{\"policy\":");
        push_string(&mut out, &policy.id);
        out.push_str(",\"code\":");
        push_string(&mut out, &decision.region);
        out.push_str(",\"from\":");
        push_string(&mut out, decision.from.as_str());
        out.push_str(",\"mode\":");
        push_string(&mut out, policy.mode.as_str());
        out.push('}');
    }
    out.push('}');
    Some(out)
}

/// The records in an outbox text, oldest first, as (record id, body); damaged lines are skipped.
pub fn pending(outbox: &str) -> impl Iterator<Item = (&str, &str)> {
    split::pieces(outbox, b'\n').filter_map(|line| {
        let (id, body) = split::cut(line, b' ')?;
        (crate::record::is_valid_id(id) && body.starts_with('{') && body.ends_with('}')).then_some((id, body))
    })
}

/// The outbox with `body` (whose record id is `id`) added; the oldest go beyond [`MAX_PENDING`].
pub fn push(outbox: &str, id: &str, body: &str) -> String {
    let mut records: Vec<(&str, &str)> = pending(outbox).collect();
    records.push((id, body));
    let skip = records.len().saturating_sub(MAX_PENDING);
    join(records.into_iter().skip(skip))
}

/// The outbox without the record `id`.
pub fn remove(outbox: &str, id: &str) -> String {
    join(pending(outbox).filter(|(other, _)| *other != id))
}

fn join<'a>(records: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (id, body) in records {
        out.push_str(id);
        out.push(' ');
        out.push_str(body);
        out.push('\n');
    }
    out
}

/// What the service's answer means for a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// 2xx: stored (or stored before). It leaves the outbox.
    Delivered,
    /// A 4xx other than 408 and 429: the service will never take it. It leaves the outbox, with
    /// a console error.
    Refused,
    /// No answer (offline, blocked), a 5xx, 408 or 429: it stays for the next page view.
    Retry,
}

impl Delivery {
    /// The meaning of an HTTP status (0: no answer).
    pub fn of(status: u16) -> Delivery {
        match status {
            200..=299 => Delivery::Delivered,
            408 | 429 => Delivery::Retry,
            400..=499 => Delivery::Refused,
            _ => Delivery::Retry,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::{Choice, Signals};
    use crate::json::{Reader, Token};
    use crate::Config;

    const NOW: u64 = 1_765_101_600; // 2025-12-07T10:00:00Z

    fn chosen(choice: Choice, gpc: bool) -> Consent {
        let mut config = Config::from_json(r#"{"revision": 4, "language": "de"}"#).unwrap();
        config.resolve_language(&[]);
        let (mut consent, _) = Consent::new(config, None, Signals { gpc, ..Signals::default() }, NOW);
        consent.choose(choice, NOW, "9f86d081884c7d659a2feaa0".into());
        consent
    }

    /// The record's members as (key, value) texts, read back with the core's JSON reader.
    fn members(text: &str) -> Vec<(String, String)> {
        let mut r = Reader::new(text);
        assert_eq!(r.value(), Ok(Token::Object));
        let mut out = Vec::new();
        while let Some(key) = r.key().unwrap() {
            let value = match r.value().unwrap() {
                Token::Array => {
                    let mut items = Vec::new();
                    while r.item().unwrap() {
                        match r.value().unwrap() {
                            Token::Str(s) => items.push(s),
                            other => panic!("{other:?}"),
                        }
                    }
                    items.join(",")
                }
                Token::Str(s) => s,
                Token::Bool(b) => b.to_string(),
                Token::Int(n) => n.to_string(),
                other => panic!("{other:?}"),
            };
            out.push((key, value));
        }
        r.end().unwrap();
        out
    }

    #[test]
    fn a_record_names_the_choice() {
        let consent = chosen(Choice::AcceptAll, true);
        let text = record(&consent, Via::Banner, "0123456789abcdef0123456789abcdef", "https://shop.example", None).unwrap();
        let got = members(&text);
        let want = [
            ("record_id", "0123456789abcdef0123456789abcdef"),
            ("consent_id", "9f86d081884c7d659a2feaa0"),
            ("revision", "4"),
            // GPC keeps marketing (gpc_opt_out) denied under Accept all.
            ("granted", "necessary,performance,analytics,session-replay"),
            ("denied", "marketing"),
            ("source", "banner"),
            ("gpc", "true"),
            ("language", "de"),
            ("origin", "https://shop.example"),
            ("client_time", "2025-12-07T10:00:00Z"),
        ];
        assert_eq!(got, want.map(|(k, v)| (k.to_string(), v.to_string())));
        let rejected = members(&record(&chosen(Choice::RejectAll, false), Via::Preferences, "ab", "o", None).unwrap());
        assert_eq!(rejected[3].1, "necessary");
        assert_eq!(rejected[4].1, "performance,analytics,session-replay,marketing");
        assert_eq!(rejected[6].1, "false");
    }

    #[test]
    fn a_record_names_the_region_policy() {
        let regions = crate::region::worldwide();
        let decision = regions.resolve(Some(("US-CA", crate::region::From::Attribute)), "America/Los_Angeles", crate::region::ZONES);
        let consent = chosen(Choice::AcceptAll, false);
        let text = record(&consent, Via::Banner, "ab", "o", Some((regions.policy(&decision), &decision))).unwrap();
        assert!(text.ends_with(r#","region":{"policy":"us","code":"US-CA","from":"attribute","mode":"notice"}}"#), "{text}");
    }

    #[test]
    fn a_record_lists_services_granted_one_by_one() {
        let consent = chosen(Choice::Add(crate::CategorySet::empty(), vec!["youtube".into()], crate::record::Source::Placeholder), false);
        let got = members(&record(&consent, Via::Placeholder, "ab", "o", None).unwrap());
        assert_eq!(got[3].1, "necessary");
        assert_eq!(got[4].1, "performance,analytics,session-replay,marketing", "marketing is not granted whole");
        assert_eq!((got[5].0.as_str(), got[5].1.as_str()), ("services", "youtube"));
        assert_eq!(got[6].1, "placeholder");
    }

    #[test]
    fn no_choice_no_record() {
        let (consent, _) = Consent::new(Config::default(), None, Signals::default(), NOW);
        assert_eq!(record(&consent, Via::Api, "ab", "o", None), None);
    }

    #[test]
    fn strings_are_escaped() {
        let mut out = String::new();
        push_string(&mut out, "a\"b\\c\n\u{1}é");
        assert_eq!(out, r#""a\"b\\c\u000a\u0001é""#);
        assert_eq!(Reader::new(&out).value(), Ok(Token::Str("a\"b\\c\n\u{1}é".into())));
    }

    #[test]
    fn times_are_rfc3339() {
        for (seconds, want) in [
            (0, "1970-01-01T00:00:00Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (1_765_101_659, "2025-12-07T10:00:59Z"),
            (4_107_542_399, "2100-02-28T23:59:59Z"),
        ] {
            let mut out = String::new();
            push_time(&mut out, seconds);
            assert_eq!(out, want);
        }
    }

    #[test]
    fn the_outbox_keeps_the_newest_twenty_and_forgets_delivered_ones() {
        let mut outbox = String::new();
        let ids: Vec<String> = (0..25).map(|i| format!("{i:032x}")).collect();
        for id in &ids {
            outbox = push(&outbox, id, "{}");
        }
        let kept: Vec<&str> = pending(&outbox).map(|(id, _)| id).collect();
        assert_eq!(kept, ids[5..].iter().map(String::as_str).collect::<Vec<_>>());
        let outbox = remove(&outbox, &ids[10]);
        assert_eq!(pending(&outbox).count(), 19);
        assert!(pending(&outbox).all(|(id, _)| id != ids[10]));
        // Damaged lines (a hand edit, another script's text) are dropped, not sent.
        let damaged = String::from("junk\nXYZ {}\n") + &outbox + "00000000 {half";
        assert_eq!(pending(&damaged).count(), 19);
    }

    #[test]
    fn statuses() {
        for (status, want) in [(201, Delivery::Delivered), (200, Delivery::Delivered), (400, Delivery::Refused), (403, Delivery::Refused),
            (408, Delivery::Retry), (429, Delivery::Retry), (0, Delivery::Retry), (503, Delivery::Retry)] {
            assert_eq!(Delivery::of(status), want, "{status}");
        }
    }
}
