//! The visible strings of the banner and the preferences dialog, and their English defaults.
//!
//! Sites override any string per language through the config's `translations`; this module only
//! names the strings and holds the built-in English. Category titles and descriptions live with
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_round_trip() {
        for t in Text::ALL {
            assert_eq!(Text::from_key(t.key()), Some(t));
            assert!(!t.english().is_empty());
        }
        assert_eq!(Text::from_key("nope"), None);
    }
}
