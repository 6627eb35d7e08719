//! The visible strings of the banner and the preferences dialog, their English defaults, and the
//! choice of language.
//!
//! English is built in. The 24 official EU languages, Arabic and Hebrew ship as one small file
//! each (`i18n/<code>.json`), loaded only for the language a page shows. Sites override any string
//! per language through the config's `translations`. Category titles and descriptions live with
//! the categories in [`crate::config`].

/// One visible string of the interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    /// Heading of the first-layer banner.
    BannerTitle,
    /// Body text of the banner.
    BannerDescription,
    /// The "Accept all" button.
    AcceptAll,
    /// The "Reject all" button.
    RejectAll,
    /// The button that opens the preferences dialog.
    Preferences,
    /// Heading of the preferences dialog.
    PreferencesTitle,
    /// Body text of the preferences dialog.
    PreferencesDescription,
    /// The button that stores the ticked categories.
    Save,
    /// Accessible name of the dialog's close button.
    Close,
    /// Text of the privacy-policy link.
    PrivacyPolicy,
    /// Shown when a Global Privacy Control (or Do Not Track) signal was honoured.
    SignalHonoured,
    /// Label before a category's list of services.
    Services,
    /// Shown next to a required category's switch.
    AlwaysOn,
}

impl Text {
    /// Every string, in a fixed order.
    pub const ALL: [Text; 13] = [
        Text::BannerTitle,
        Text::BannerDescription,
        Text::AcceptAll,
        Text::RejectAll,
        Text::Preferences,
        Text::PreferencesTitle,
        Text::PreferencesDescription,
        Text::Save,
        Text::Close,
        Text::PrivacyPolicy,
        Text::SignalHonoured,
        Text::Services,
        Text::AlwaysOn,
    ];

    /// The key that names this string in the config's `translations`.
    pub fn key(self) -> &'static str {
        match self {
            Text::BannerTitle => "banner_title",
            Text::BannerDescription => "banner_description",
            Text::AcceptAll => "accept_all",
            Text::RejectAll => "reject_all",
            Text::Preferences => "preferences",
            Text::PreferencesTitle => "preferences_title",
            Text::PreferencesDescription => "preferences_description",
            Text::Save => "save",
            Text::Close => "close",
            Text::PrivacyPolicy => "privacy_policy",
            Text::SignalHonoured => "signal_honoured",
            Text::Services => "services",
            Text::AlwaysOn => "always_on",
        }
    }

    /// The string named by a `translations` key.
    pub fn from_key(key: &str) -> Option<Text> {
        Text::ALL.into_iter().find(|t| t.key() == key)
    }

    /// The built-in English string.
    pub fn english(self) -> &'static str {
        match self {
            Text::BannerTitle => "We value your privacy",
            Text::BannerDescription => "We use cookies that this site needs to work. With your consent we also use cookies and similar technologies to measure performance, analyse visits, record sessions and show marketing. Accepting or rejecting is equally easy, and you can change your choice at any time under \u{201c}Cookie settings\u{201d}.",
            Text::AcceptAll => "Accept all",
            Text::RejectAll => "Reject all",
            Text::Preferences => "Preferences",
            Text::PreferencesTitle => "Cookie preferences",
            Text::PreferencesDescription => "Choose which kinds of cookies and similar technologies we may use. Necessary cookies are always on because the site cannot work without them.",
            Text::Save => "Save choices",
            Text::Close => "Close",
            Text::PrivacyPolicy => "Privacy policy",
            Text::SignalHonoured => "Your browser asked us not to sell or share your data (Global Privacy Control). We honour it: marketing stays off unless you switch it on here yourself.",
            Text::Services => "Services:",
            Text::AlwaysOn => "Always on",
        }
    }
}

/// The languages with a translation file besides English: the official EU languages, Arabic
/// and Hebrew.
pub const BUILT_IN: [&str; 25] = [
    "bg", "cs", "da", "de", "el", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt", "lv", "mt", "nl", "pl",
    "pt", "ro", "sk", "sl", "sv", "ar", "he",
];

/// The primary subtag of a language tag (`pt` for `pt-BR`).
pub fn primary(tag: &str) -> &str {
    &tag[..tag.bytes().position(|b| b == b'-' || b == b'_').unwrap_or(tag.len())]
}

/// Whether `available` serves `tag`: the same tag, or its primary language.
pub fn serves(available: &str, tag: &str) -> bool {
    available.eq_ignore_ascii_case(tag) || available.eq_ignore_ascii_case(primary(tag))
}

/// Whether the language is written right to left.
pub fn is_rtl(tag: &str) -> bool {
    ["ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb"].iter().any(|rtl| primary(tag).eq_ignore_ascii_case(rtl))
}

/// The first of the visitor's `wanted` languages (most preferred first) that `available` serves,
/// as it is written in `available`.
pub fn negotiate<'a>(wanted: &[String], available: &[&'a str]) -> Option<&'a str> {
    for tag in wanted {
        if let Some(found) = available.iter().find(|a| serves(a, tag)) {
            return Some(found);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_languages() {
        let available = || &["en", "de", "pt", "fr-CA"][..];
        let want = |tags: &[&str]| tags.iter().map(|t| t.to_string()).collect::<Vec<_>>();
        assert_eq!(negotiate(&want(&["de-AT", "en"]), available()), Some("de"));
        assert_eq!(negotiate(&want(&["ja", "PT-br"]), available()), Some("pt"));
        assert_eq!(negotiate(&want(&["fr-CA"]), available()), Some("fr-CA"));
        assert_eq!(negotiate(&want(&["fr"]), available()), None, "fr-CA does not serve plain fr");
        assert_eq!(negotiate(&want(&[]), available()), None);
        assert!(is_rtl("ar") && is_rtl("he-IL") && !is_rtl("de") && !is_rtl(""));
        assert_eq!(primary("zh_Hant"), "zh");
        assert_eq!(BUILT_IN.len() + 1, 26, "24 EU languages (with English), Arabic and Hebrew");
    }

    #[test]
    fn keys_are_unique_and_round_trip() {
        for t in Text::ALL {
            assert_eq!(Text::from_key(t.key()), Some(t));
            assert!(!t.english().is_empty());
        }
        assert_eq!(Text::from_key("nope"), None);
    }
}
