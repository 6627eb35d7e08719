//! The visible strings of the banner and the preferences dialog, their English defaults, the
//! choice of language, and the strings in the language shown ([`Config::text`],
//! [`Config::category_texts`]).
//!
//! English is built in. The 24 official EU languages, Arabic and Hebrew ship as one small file
//! each (`i18n/<code>.json`), loaded only for the language a page shows. Sites override any string
//! per language through the config's `translations`. Category titles and descriptions live with
//! the categories in [`crate::config`].

use crate::config::{read, seed, Config, ConfigError, Translation};

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
    /// Label before the visitor's consent id in the preferences dialog.
    ConsentId,
    /// The first-visit notice of a `notice` region.
    NoticeDescription,
    /// The opt-out link: "Do Not Sell or Share My Personal Information".
    DoNotSell,
    /// The alternative opt-out link: "Your Privacy Choices".
    PrivacyChoices,
    /// Beside the opt-out link when GPC was honoured (Cal. Code Regs. tit. 11 §7025(c)(6)).
    OptOutHonoured,
    /// A held embed's placeholder: the button that loads this one embed, this page view.
    LoadOnce,
    /// A held embed's placeholder: the button that grants its service (`{service}`).
    AlwaysAllow,
    /// A held embed's placeholder: what it is and what loading it means (`{service}`,
    /// `{category}`).
    Placeholder,
}

impl Text {
    /// Every string, in a fixed order.
    pub const ALL: [Text; 21] = [
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
        Text::ConsentId,
        Text::NoticeDescription,
        Text::DoNotSell,
        Text::PrivacyChoices,
        Text::OptOutHonoured,
        Text::LoadOnce,
        Text::AlwaysAllow,
        Text::Placeholder,
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
            Text::ConsentId => "consent_id",
            Text::NoticeDescription => "notice_description",
            Text::DoNotSell => "do_not_sell",
            Text::PrivacyChoices => "privacy_choices",
            Text::OptOutHonoured => "opt_out_honoured",
            Text::LoadOnce => "load_once",
            Text::AlwaysAllow => "always_allow",
            Text::Placeholder => "placeholder",
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
            Text::ConsentId => "Your consent ID:",
            Text::NoticeDescription => "We use cookies and similar technologies to measure visits and show advertising. You can opt out at any time, including of the sale or sharing of your personal information.",
            Text::DoNotSell => "Do Not Sell or Share My Personal Information",
            Text::PrivacyChoices => "Your Privacy Choices",
            Text::OptOutHonoured => "Opt-Out Request Honored",
            Text::LoadOnce => "Load once",
            Text::AlwaysAllow => "Always allow {service}",
            Text::Placeholder => "This content is provided by {service} ({category}) and stays blocked until you allow it. Loading it lets {service} collect data about your visit.",
        }
    }
}

/// `template` with each `{service}` and `{category}` replaced by `service` and `category`.
pub fn fill(template: &str, service: &str, category: &str) -> String {
    let mut pieces = crate::split::pieces(template, b'{');
    let mut text = String::from(pieces.next().unwrap_or_default());
    for piece in pieces {
        // (A prefix test per piece: smaller in the module than a substring search.)
        let (value, rest) = if let Some(rest) = piece.strip_prefix("service}") {
            (service, rest)
        } else if let Some(rest) = piece.strip_prefix("category}") {
            (category, rest)
        } else {
            ("{", piece)
        };
        text.push_str(value);
        text.push_str(rest);
    }
    text
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

impl Config {
    /// Whether `translation` serves the language shown. Those that do are tried in order: the
    /// site's, then the built-in one (added last by [`Config::add_built_in`]).
    fn shown(&self, translation: &Translation) -> bool {
        serves(&translation.language, &self.language)
    }

    /// The interface string `text` in the language shown (a translation, else English).
    pub fn text(&self, text: Text) -> &str {
        for translation in self.translations.iter().filter(|t| self.shown(t)) {
            if let Some((_, local)) = translation.texts.iter().find(|(k, _)| *k == text) {
                return local;
            }
        }
        text.english()
    }

    /// Title and description of the category at `index` in the language shown: each from the
    /// first translation that has it, else the config's.
    pub fn category_texts(&self, index: usize) -> (&str, &str) {
        let Some(category) = self.categories.get(index) else { return ("", "") };
        let (mut title, mut description) = (None, None);
        for translation in self.translations.iter().filter(|t| self.shown(t)) {
            for (name, t, d) in &translation.categories {
                if *name == category.name {
                    title = title.or(t.as_deref());
                    description = description.or(d.as_deref());
                }
            }
        }
        (title.unwrap_or(&category.title), description.unwrap_or(&category.description))
    }

    /// Decides the language shown when it is `auto`: the first of `wanted` (the page's language,
    /// then the browser's, most preferred first) that a site translation, a built-in file or
    /// English serves; English if none does.
    pub fn resolve_language(&mut self, wanted: &[String]) {
        if self.language != "auto" {
            return;
        }
        let mut available: Vec<&str> = Vec::new();
        for translation in &self.translations {
            available.push(&translation.language);
        }
        available.extend_from_slice(&BUILT_IN);
        available.push("en");
        self.language = negotiate(wanted, &available).unwrap_or("en").to_string();
    }

    /// The built-in translation file the language shown needs, if any (`de` for `de-AT`).
    pub fn built_in_needed(&self) -> Option<&'static str> {
        BUILT_IN.into_iter().find(|code| serves(code, &self.language))
    }

    /// Adds a built-in translation file's JSON text, below the site's own translations. Its
    /// category texts apply only to categories that still have their default English texts (a
    /// site that wrote its own descriptions translates them itself).
    pub fn add_built_in(&mut self, language: &str, text: &str) -> Result<(), ConfigError> {
        let mut translation = read::translation(text, language)?;
        let categories = &self.categories;
        translation.categories.retain(|(name, _, _)| categories.iter().any(|c| c.name == *name && seed::is_stock(c)));
        self.translations.push(translation);
        Ok(())
    }
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
    fn fills_the_service_and_the_category() {
        assert_eq!(fill(Text::AlwaysAllow.english(), "YouTube", "Marketing"), "Always allow YouTube");
        assert_eq!(fill("{service} ({category}) {service} {x} {", "a", "b"), "a (b) a {x} {");
        assert_eq!(fill("", "a", "b"), "");
    }

    #[test]
    fn keys_are_unique_and_round_trip() {
        for t in Text::ALL {
            assert_eq!(Text::from_key(t.key()), Some(t));
            assert!(!t.english().is_empty());
        }
        assert_eq!(Text::from_key("nope"), None);
    }

    #[test]
    fn language_falls_back_to_its_primary_subtag() {
        let c = Config::from_json(r#"{"language": "de-AT", "translations": {"de": {"save": "Speichern"}}}"#).unwrap();
        assert_eq!(c.text(Text::Save), "Speichern");
        let c = Config::from_json(r#"{"language": "fr", "translations": {"de": {"save": "Speichern"}}}"#).unwrap();
        assert_eq!(c.text(Text::Save), "Save choices");
    }

    #[test]
    fn auto_language_follows_the_page_then_the_browser() {
        let wanted = |tags: &[&str]| tags.iter().map(|t| t.to_string()).collect::<Vec<_>>();
        let mut c = Config::default();
        assert_eq!(c.language, "auto");
        c.resolve_language(&wanted(&["de-CH", "en-US"]));
        assert_eq!((c.language.as_str(), c.built_in_needed()), ("de", Some("de")));
        let mut c = Config::from_json(r#"{"translations": {"x-pirate": {"save": "Stow it"}}}"#).unwrap();
        c.resolve_language(&wanted(&["x-pirate", "de"]));
        assert_eq!((c.language.as_str(), c.built_in_needed()), ("x-pirate", None));
        assert_eq!(c.text(Text::Save), "Stow it");
        let mut c = Config::default();
        c.resolve_language(&wanted(&["ja", "zh"]));
        assert_eq!((c.language.as_str(), c.built_in_needed()), ("en", None), "English when nothing matches");
        let mut c = Config::from_json(r#"{"language": "pt-BR"}"#).unwrap();
        c.resolve_language(&wanted(&["de"]));
        assert_eq!((c.language.as_str(), c.built_in_needed()), ("pt-BR", Some("pt")), "an explicit language stays");
    }

    #[test]
    fn built_in_translations_rank_below_the_site() {
        let mut c = Config::from_json(r#"{"language": "de", "translations": {"de": {"save": "Sichern"}},
            "categories": {"necessary": {"required": true, "title": "Essenziell"}, "analytics": {"title": "Analytics", "description": "Understand how visitors use the site, with Google Analytics."}}}"#).unwrap();
        c.add_built_in("de", r#"{"save": "Auswahl speichern", "accept_all": "Alle akzeptieren",
            "categories": {"necessary": {"title": "Notwendig"}, "analytics": {"title": "Analyse"}}}"#).unwrap();
        assert_eq!(c.text(Text::Save), "Sichern", "the site's string wins");
        assert_eq!(c.text(Text::AcceptAll), "Alle akzeptieren", "the built-in file fills the gaps");
        assert_eq!(c.text(Text::RejectAll), "Reject all");
        assert_eq!(c.category_texts(0).0, "Essenziell", "a category the site described itself keeps its text");
        assert_eq!(c.category_texts(1).0, "Analyse", "a stock category is translated");
        assert!(c.add_built_in("de", "{").is_err());
    }

    /// Every shipped translation file parses, names every string and every default category, and
    /// translates each (a file that repeats the English would show English leftovers).
    #[test]
    fn shipped_translation_files_are_complete() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../i18n");
        let english = Config::default();
        for code in crate::texts::BUILT_IN {
            let text = std::fs::read_to_string(dir.join(String::from(code) + ".json")).expect(code);
            let mut c = Config::from_json(&(String::from(r#"{"language": ""#) + code + "\"}")).unwrap();
            c.add_built_in(code, &text).unwrap_or_else(|e| panic!("{code}: {}", e.message()));
            for t in Text::ALL {
                assert_ne!(c.text(t), t.english(), "{code}: {} is not translated", t.key());
            }
            for t in [Text::AlwaysAllow, Text::Placeholder] {
                assert!(c.text(t).contains("{service}"), "{code}: {} names the service", t.key());
            }
            assert!(c.text(Text::Placeholder).contains("{category}"), "{code}: placeholder names the category");
            for i in 0..english.categories.len() {
                let (title, description) = c.category_texts(i);
                let (en_title, en_description) = english.category_texts(i);
                assert_ne!(description, en_description, "{code}: category {i} description");
                if title == en_title {
                    assert!(["Marketing", "Performance"].contains(&title), "{code}: only loanwords may equal the English title, not {title}");
                }
            }
        }
    }
}
