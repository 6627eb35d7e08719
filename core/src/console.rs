//! Every message the module writes to the browser's console, as one enum: what happened, in one
//! line, and what the gate does about it (or what the site can do). The shell writes them with
//! the `consent-gate: ` prefix ([`Message::text`] leaves it out) and, for some, the JavaScript
//! error that caused them. (The stub's few messages, from before the module runs, are in
//! `src/stub/`.)

use crate::config::ConfigError;
use crate::record::RecordError;
use crate::store::StoreError;

/// How a message is written: `console.error` or `console.warn`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Something the site must fix, or that keeps a choice from being kept.
    Error,
    /// Something the gate recovers from by itself.
    Warning,
}

/// A message for the console.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Message<'a> {
    /// The config is invalid: the gate runs on the defaults and holds everything.
    InvalidConfig(&'a ConfigError),
    /// The `data-config` URL could not be fetched: the same.
    ConfigNotLoaded,
    /// A built-in translation file is damaged: English fills in.
    TranslationDamaged(&'a ConfigError),
    /// The stored choice cannot be read: the banner asks again.
    RecordDamaged(RecordError),
    /// The choice could not be stored anywhere: it lasts this page view.
    ChoiceNotKept(StoreError),
    /// The opt-out cookie could not be set.
    OptOutNotKept(StoreError),
    /// Tags name a category the config lacks: they are never released.
    UnknownCategory(&'a str),
    /// `accept()` named a category the config lacks: nothing changed.
    AcceptUnknownCategory(&'a str),
    /// `acceptService()` named a service neither the config nor the catalog has: nothing changed.
    AcceptUnknownService(&'a str),
    /// A `data-placeholder-image` is neither relative, same-origin nor `https:`: not shown.
    PlaceholderImageIgnored(&'a str),
    /// `accept()` was given something other than an array of names.
    AcceptNeedsNames,
    /// `on()` was given something other than `"change"` and a function.
    OnNeedsChange,
    /// An API call arrived while the gate was busy with another.
    Busy,
    /// The module was started twice.
    StartedTwice,
    /// A `change` listener threw (the others still run).
    ListenerThrew,
    /// The Consent Mode command could not be put on the dataLayer.
    ConsentModeFailed,
    /// The page's Trusted Types policy refused a released script.
    TrustedTypesRefused,
    /// The records service refused a consent record for good (an HTTP status, as text): it is
    /// not sent again.
    RecordRefused(&'a str),
    /// The page's Content-Security-Policy refused a released tag (`directive`, what was blocked).
    CspRefused {
        /// The directive that refused it (`script-src-elem`, …).
        directive: &'a str,
        /// The URL refused, or `inline` / empty for an inline script.
        blocked: &'a str,
    },
}

impl Message<'_> {
    /// How it is written.
    pub fn level(&self) -> Level {
        match self {
            Message::RecordDamaged(_) | Message::PlaceholderImageIgnored(_) => Level::Warning,
            _ => Level::Error,
        }
    }

    /// Its text, without the `consent-gate: ` prefix.
    pub fn text(&self) -> String {
        // A fixed text with up to two places (`\u{1}`, `\u{2}`) for the message's parts.
        let owned;
        let (template, parts): (&str, [&str; 2]) = match self {
            Message::InvalidConfig(e) => {
                owned = e.message();
                ("\u{1}; running on the defaults with every tag held", [&owned, ""])
            }
            Message::ConfigNotLoaded => ("the config named by data-config could not be loaded; running on the defaults with every tag held", ["", ""]),
            Message::TranslationDamaged(e) => {
                owned = e.message();
                ("the built-in translation is damaged: \u{1}", [&owned, ""])
            }
            Message::RecordDamaged(e) => ("\u{1}; asking again", [e.as_str(), ""]),
            Message::ChoiceNotKept(e) => ("\u{1}; the choice applies to this page view only", [e.as_str(), ""]),
            Message::OptOutNotKept(e) => ("\u{1}", [e.as_str(), ""]),
            Message::UnknownCategory(name) => ("tags of the category `\u{1}` (named in data-category, or a catalogued tracker's) stay blocked: the config has no such category", [name, ""]),
            Message::AcceptUnknownCategory(name) => ("accept() names the unknown category `\u{1}`; nothing was changed", [name, ""]),
            Message::AcceptUnknownService(name) => ("acceptService() names the unknown service `\u{1}`; nothing was changed", [name, ""]),
            Message::PlaceholderImageIgnored(url) => ("data-placeholder-image \u{1} is not relative, same-origin or https:; the placeholder shows no image for this element", [url, ""]),
            Message::AcceptNeedsNames => ("accept() takes an array of category names", ["", ""]),
            Message::OnNeedsChange => ("on() takes \"change\" and a function", ["", ""]),
            Message::Busy => ("an API call arrived while the gate was busy; it was ignored", ["", ""]),
            Message::StartedTwice => ("the gate was started twice; the second start was ignored", ["", ""]),
            Message::ListenerThrew => ("a change listener threw", ["", ""]),
            Message::ConsentModeFailed => ("could not send the Google Consent Mode command", ["", ""]),
            Message::TrustedTypesRefused => ("the page's Trusted Types policy refused a released script; allow the policy name consent-gate in the trusted-types directive", ["", ""]),
            Message::RecordRefused(status) => ("the records service refused a consent record (HTTP \u{1}); it will not be sent again", [status, ""]),
            Message::CspRefused { directive, blocked } => (
                "the page's Content-Security-Policy (\u{1}) refused a released tag: \u{2}; allow its source, or use 'strict-dynamic' with a nonce on the gate's script tag",
                [directive, if blocked.is_empty() || *blocked == "inline" { "an inline script" } else { blocked }],
            ),
        };
        let mut text = String::new();
        for byte in template.bytes() {
            match byte {
                1 | 2 => text.push_str(parts[usize::from(byte - 1)]),
                _ => text.push(char::from(byte)),
            }
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Problem;

    /// Every message, once.
    fn all(error: &ConfigError) -> Vec<Message<'_>> {
        vec![
            Message::InvalidConfig(error),
            Message::ConfigNotLoaded,
            Message::TranslationDamaged(error),
            Message::RecordDamaged(RecordError::Checksum),
            Message::ChoiceNotKept(StoreError::CookieRefused),
            Message::OptOutNotKept(StoreError::StorageUnavailable),
            Message::UnknownCategory("stats"),
            Message::AcceptUnknownCategory("stats"),
            Message::AcceptUnknownService("nope"),
            Message::PlaceholderImageIgnored("http://elsewhere.example/x.jpg"),
            Message::AcceptNeedsNames,
            Message::OnNeedsChange,
            Message::RecordRefused("400"),
            Message::Busy,
            Message::StartedTwice,
            Message::ListenerThrew,
            Message::ConsentModeFailed,
            Message::TrustedTypesRefused,
            Message::CspRefused { directive: "script-src-elem", blocked: "https://cdn.example/x.js" },
        ]
    }

    #[test]
    fn every_message_is_one_plain_line_that_names_its_cause() {
        let error = ConfigError { problem: Problem::ExpectedInteger, field: "revision".into() };
        let messages = all(&error);
        let mut texts: Vec<String> = messages.iter().map(Message::text).collect();
        for text in &texts {
            assert!(!text.is_empty() && !text.contains('\n'), "{text:?}");
            assert!(text.starts_with(|c: char| c.is_ascii_lowercase()), "lowercase after the prefix: {text}");
            assert!(!text.ends_with('.') && !text.starts_with("consent-gate"), "{text}");
        }
        texts.sort();
        texts.dedup();
        assert_eq!(texts.len(), messages.len(), "no two messages say the same");
        assert_eq!(Message::RecordDamaged(RecordError::Malformed).level(), Level::Warning);
        assert_eq!(Message::Busy.level(), Level::Error);
    }

    #[test]
    fn messages_with_parts() {
        let error = ConfigError { problem: Problem::ExpectedInteger, field: "revision".into() };
        assert_eq!(Message::InvalidConfig(&error).text(), "invalid config: `revision` must be a whole number; running on the defaults with every tag held");
        assert_eq!(Message::UnknownCategory("stats").text(), "tags of the category `stats` (named in data-category, or a catalogued tracker's) stay blocked: the config has no such category");
        assert_eq!(
            Message::CspRefused { directive: "script-src-elem", blocked: "inline" }.text(),
            "the page's Content-Security-Policy (script-src-elem) refused a released tag: an inline script; allow its source, or use 'strict-dynamic' with a nonce on the gate's script tag"
        );
        assert_eq!(Message::ChoiceNotKept(StoreError::CookieRefused).text(), "the browser refused the consent cookie (cookies blocked or too large); the choice applies to this page view only");
    }
}
