//! The site's configuration: its model, its defaults, and reading it from JSON.
//!
//! Every field is optional and the defaults describe the seed site (necessary, performance,
//! analytics with Google Analytics, session replay with LogRocket, marketing). Reading is strict:
//! an unknown field, a value of the wrong type or an unsafe value (a `javascript:` policy URL, a
//! cookie name with `;`) is a [`ConfigError`] that names the field, so that a typo never silently
//! weakens the gate. What to do with the error (log it, fall back to the defaults, hold
//! everything) is the browser layer's decision, not this module's.

use crate::catalog;
use crate::category::CategorySet;
use crate::consent_mode::{self, Mapping};
use crate::cookie::{parse_all, NamePattern};
use crate::json::{self, Token};
use crate::number::push_decimal;
use crate::texts::{self, Text};
use crate::url::Rule;

/// The whole configuration of the gate.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Policy revision; a choice stored under a lower revision is no longer valid.
    pub revision: u64,
    /// The categories, in the order the visitor sees them.
    pub categories: Vec<Category>,
    /// Where and for how long the choice is stored.
    pub cookie: CookieSettings,
    /// Name of the opt-out cookie; while it is present every non-required category is denied.
    pub opt_out_cookie: String,
    /// Honour Global Privacy Control (`navigator.globalPrivacyControl`).
    pub gpc: bool,
    /// Honour Do Not Track (`navigator.doNotTrack == "1"`) like GPC.
    pub dnt: bool,
    /// The language the interface is shown in: a language tag, or `auto` (the page's `<html
    /// lang>`, then the browser's languages) until [`Config::resolve_language`] decides.
    pub language: String,
    /// Site-provided strings, per language.
    pub translations: Vec<Translation>,
    /// Link to the privacy policy (http(s) or relative).
    pub privacy_policy_url: Option<String>,
    /// Reload the page after a category was withdrawn (scripts that ran cannot be unloaded).
    pub reload_on_withdraw: bool,
    /// Colour scheme: `auto` (follow `prefers-color-scheme`), `light` or `dark`.
    pub theme: Theme,
    /// Where the banner sits: `bar` (bottom, full width), `box` (bottom left) or `center`.
    pub position: Position,
    /// Hold the scripts, frames, pixels and requests of catalogued trackers and of the site's
    /// services with `hosts`, even where the page does not mark them.
    pub auto_block: bool,
    /// Google Consent Mode v2 signals, or `None` to send none.
    pub consent_mode: Option<Mapping>,
}

/// The banner's colour scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Follow the visitor's `prefers-color-scheme`.
    Auto,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// Where the banner sits on the screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    /// A full-width bar at the bottom.
    Bar,
    /// A box in the bottom-left corner (bottom-right in right-to-left languages).
    Box,
    /// A box in the centre of the screen.
    Center,
}

impl Theme {
    /// The CSS class that selects it.
    pub fn class(self) -> &'static str {
        match self {
            Theme::Auto => "cg-theme-auto",
            Theme::Light => "cg-theme-light",
            Theme::Dark => "cg-theme-dark",
        }
    }
}

impl Position {
    /// The CSS class that selects it.
    pub fn class(self) -> &'static str {
        match self {
            Position::Bar => "cg-pos-bar",
            Position::Box => "cg-pos-box",
            Position::Center => "cg-pos-center",
        }
    }
}

/// A purpose the visitor can consent to.
#[derive(Clone, Debug, PartialEq)]
pub struct Category {
    /// The name used in markup (`data-category`) and in the API.
    pub name: String,
    /// Visible title.
    pub title: String,
    /// Visible description.
    pub description: String,
    /// Always granted; shown checked and disabled.
    pub required: bool,
    /// Denied while a GPC (or, if enabled, DNT) signal is present, unless the visitor ticks it.
    pub gpc_opt_out: bool,
    /// The services that make up the category.
    pub services: Vec<Service>,
}

/// A third-party service within a category.
#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    /// The name used in markup (`data-service`).
    pub name: String,
    /// Visible title.
    pub title: String,
    /// Cookies the service sets; deleted when its category is withdrawn.
    pub cookies: Vec<NamePattern>,
    /// localStorage / sessionStorage keys the service sets; deleted when withdrawn.
    pub storage: Vec<NamePattern>,
    /// Host rules (`stats.example.com`, `*.example.net/t/`) of its scripts, frames and requests.
    pub hosts: Vec<String>,
}

/// The `SameSite` attribute of the consent cookie.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SameSite {
    /// `SameSite=Lax`
    Lax,
    /// `SameSite=Strict`
    Strict,
    /// `SameSite=None` (the browser layer adds `Secure`)
    None,
}

impl SameSite {
    /// The attribute value.
    pub fn as_str(self) -> &'static str {
        match self {
            SameSite::Lax => "Lax",
            SameSite::Strict => "Strict",
            SameSite::None => "None",
        }
    }
}

/// Where and how long the consent record is kept.
#[derive(Clone, Debug, PartialEq)]
pub struct CookieSettings {
    /// Cookie name (also the localStorage key of the mirror).
    pub name: String,
    /// `Domain` attribute; `None` for a host-only cookie.
    pub domain: Option<String>,
    /// `Path` attribute.
    pub path: String,
    /// Days a choice stays valid.
    pub days: u64,
    /// `SameSite` attribute.
    pub same_site: SameSite,
}

/// Site-provided strings for one language.
#[derive(Clone, Debug, PartialEq)]
pub struct Translation {
    /// Language tag, e.g. `de` or `pt-BR`.
    pub language: String,
    /// Interface strings that replace the English ones.
    pub texts: Vec<(Text, String)>,
    /// Per category (by name): title and description.
    pub categories: Vec<(String, Option<String>, Option<String>)>,
}

/// What is wrong with a config value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The text is not JSON.
    Syntax,
    /// A field that the gate does not know (often a typo).
    UnknownField,
    /// Expected an object.
    ExpectedObject,
    /// Expected `true` or `false`.
    ExpectedBool,
    /// Expected an integer.
    ExpectedInteger,
    /// Expected a string.
    ExpectedString,
    /// Expected an array.
    ExpectedArray,
    /// A number outside the allowed range.
    OutOfRange,
    /// More categories than [`CategorySet::CAPACITY`].
    TooManyCategories,
    /// A category or service name that is empty, has whitespace, or repeats.
    BadName,
    /// A cookie name or pattern that is empty or has characters cookies cannot hold.
    BadCookieName,
    /// A cookie domain or path that is not valid.
    BadCookieScope,
    /// Not one of the words the field allows (`same_site`, `theme`, `position`).
    NotAChoice,
    /// A URL that is neither http(s) nor relative (e.g. `javascript:`).
    BadUrl,
    /// A host rule that is not `host`, `*.host`, optionally with a path and `?param=prefix`.
    BadHost,
    /// A category name that the config does not define.
    UnknownCategory,
}

impl Problem {
    /// A fixed English description, for the console.
    pub fn as_str(self) -> &'static str {
        match self {
            Problem::Syntax => "is not valid JSON",
            Problem::UnknownField => "is not a known field",
            Problem::ExpectedObject => "must be an object",
            Problem::ExpectedBool => "must be true or false",
            Problem::ExpectedInteger => "must be a whole number",
            Problem::ExpectedString => "must be a string",
            Problem::ExpectedArray => "must be an array",
            Problem::OutOfRange => "is out of range",
            Problem::TooManyCategories => "has more than 64 categories",
            Problem::BadName => "must be a unique name without spaces",
            Problem::BadCookieName => "must be a cookie name (or ^prefix) without spaces, quotes or ;,=",
            Problem::BadCookieScope => "is not a valid cookie domain or path",
            Problem::NotAChoice => "is not one of the allowed values (see the README)",
            Problem::BadUrl => "must be an http(s) or relative URL",
            Problem::BadHost => "must be a host rule such as stats.example.com, *.example.com or example.com/path",
            Problem::UnknownCategory => "names a category that the config does not define",
        }
    }
}

/// A config that cannot be used, naming the field (`categories.analytics.required`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// What is wrong.
    pub problem: Problem,
    /// The path of the field; empty for the whole document.
    pub field: String,
}

impl ConfigError {
    /// One line for the console, e.g. ``invalid config: `revision` must be a whole number``.
    pub fn message(&self) -> String {
        let mut m = String::from("invalid config: ");
        if self.field.is_empty() {
            m.push_str("the document");
        } else {
            m.push('`');
            m.push_str(&self.field);
            m.push('`');
        }
        m.push(' ');
        m.push_str(self.problem.as_str());
        m
    }
}

impl Default for CookieSettings {
    fn default() -> Self {
        CookieSettings { name: "cg_consent".into(), domain: None, path: "/".into(), days: 182, same_site: SameSite::Lax }
    }
}

/// A category of the seed site, as the defaults have it.
struct Seed {
    name: &'static str,
    title: &'static str,
    description: &'static str,
    /// The service it names: name, title, cookie patterns, storage-key patterns.
    service: Option<[&'static str; 4]>,
}

/// The seed site's categories: what the defaults are built from, and what tells a category the
/// site left as it was (which a built-in translation may translate) from one it described itself.
const SEED: [Seed; 5] = [
    Seed {
        name: "necessary",
        title: "Necessary",
        description: "Needed for the site to work: security, load balancing and remembering this choice. Always on.",
        service: None,
    },
    Seed {
        name: "performance",
        title: "Performance",
        description: "Measure how fast pages load and where they fail, so we can fix problems.",
        service: None,
    },
    Seed {
        name: "analytics",
        title: "Analytics",
        description: "Understand how visitors use the site, with Google Analytics.",
        service: Some(["google-analytics", "Google Analytics", "_ga ^_ga_ _gid ^_gat", ""]),
    },
    Seed {
        name: "session-replay",
        title: "Session recording",
        description: "Record how you use pages (clicks, scrolling, typing outside sensitive fields) so we can find problems, with LogRocket.",
        service: Some(["logrocket", "LogRocket", "^_lr_", "^_lr_"]),
    },
    Seed {
        name: "marketing",
        title: "Marketing",
        description: "Measure and personalise advertising, and embed content from other sites such as videos.",
        service: None,
    },
];

impl Default for Config {
    fn default() -> Self {
        let mut categories = Vec::new();
        for seed in &SEED {
            let mut services = Vec::new();
            if let Some([name, title, cookies, storage]) = seed.service {
                services.push(Service {
                    name: name.into(),
                    title: title.into(),
                    cookies: parse_all(cookies),
                    storage: parse_all(storage),
                    hosts: Vec::new(),
                });
            }
            categories.push(Category {
                name: seed.name.into(),
                title: seed.title.into(),
                description: seed.description.into(),
                required: seed.name == "necessary",
                gpc_opt_out: seed.name == "marketing",
                services,
            });
        }
        Config {
            revision: 1,
            categories,
            cookie: CookieSettings::default(),
            opt_out_cookie: "cg_optout".into(),
            gpc: true,
            dnt: false,
            language: "auto".into(),
            translations: Vec::new(),
            privacy_policy_url: None,
            reload_on_withdraw: true,
            theme: Theme::Auto,
            position: Position::Bar,
            auto_block: true,
            consent_mode: Some(Mapping::default()),
        }
    }
}

impl Config {
    /// Reads a config from JSON text. Absent fields take their defaults; a field given twice
    /// must be valid both times, and the last one counts (as in `JSON.parse`).
    pub fn from_json(text: &str) -> Result<Config, ConfigError> {
        let mut r = Read::new(text, "");
        let mut c = Config::default();
        // The Consent Mode types the site maps itself.
        let mut mapped = [false; consent_mode::TYPES.len()];
        let base = r.object();
        while let Some(key) = r.key(base) {
            match key.as_str() {
                "revision" => c.revision = r.integer(1, u64::from(u32::MAX)),
                "categories" => c.categories = r.categories(),
                "cookie" => c.cookie = r.cookie(),
                "opt_out_cookie" => c.opt_out_cookie = r.checked(crate::cookie::is_token, Problem::BadCookieName),
                "gpc" => c.gpc = r.boolean(),
                "dnt" => c.dnt = r.boolean(),
                "language" => c.language = r.string(),
                "translations" => c.translations = r.translations(),
                "privacy_policy_url" => c.privacy_policy_url = r.optional(safe_url, Problem::BadUrl),
                "reload_on_withdraw" => c.reload_on_withdraw = r.boolean(),
                "theme" => c.theme = [Theme::Auto, Theme::Light, Theme::Dark][r.choice(&["auto", "light", "dark"])],
                "position" => c.position = [Position::Bar, Position::Box, Position::Center][r.choice(&["bar", "box", "center"])],
                "auto_block" => c.auto_block = r.boolean(),
                "consent_mode" => (c.consent_mode, mapped) = r.consent_mode(),
                _ => r.fail(Problem::UnknownField),
            }
        }
        let c = r.finish(c)?;
        // The category names a site maps Consent Mode types to must be its categories (the
        // defaults' names need not be: a missing one is simply never granted).
        if let Some(mapping) = &c.consent_mode {
            for (i, names) in mapping.0.iter().enumerate() {
                if let Some(j) = names.iter().position(|n| mapped[i] && c.category_index(n).is_none()) {
                    let mut field = String::from("consent_mode.");
                    field.push_str(consent_mode::TYPES[i]);
                    push_index(&mut field, j);
                    return Err(ConfigError { problem: Problem::UnknownCategory, field });
                }
            }
        }
        Ok(c)
    }

    /// The position of the category called `name`.
    pub fn category_index(&self, name: &str) -> Option<usize> {
        self.categories.iter().position(|c| c.name == name)
    }

    /// The categories that are always granted.
    pub fn required(&self) -> CategorySet {
        self.set_where(|c| c.required)
    }

    /// Every category.
    pub fn all(&self) -> CategorySet {
        self.set_where(|_| true)
    }

    /// The categories a privacy signal (GPC, DNT) denies unless the visitor ticks them.
    pub fn signal_opt_out(&self) -> CategorySet {
        self.set_where(|c| c.gpc_opt_out && !c.required)
    }

    fn set_where(&self, keep: impl Fn(&Category) -> bool) -> CategorySet {
        self.categories
            .iter()
            .enumerate()
            .filter(|(_, c)| keep(c))
            .fold(CategorySet::empty(), |set, (i, _)| set.with(i))
    }

    /// Whether `translation` serves the language shown. Those that do are tried in order: the
    /// site's, then the built-in one (added last by [`Config::add_built_in`]).
    fn shown(&self, translation: &Translation) -> bool {
        texts::serves(&translation.language, &self.language)
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
        available.extend_from_slice(&texts::BUILT_IN);
        available.push("en");
        self.language = texts::negotiate(wanted, &available).unwrap_or("en").to_string();
    }

    /// The built-in translation file the language shown needs, if any (`de` for `de-AT`).
    pub fn built_in_needed(&self) -> Option<&'static str> {
        texts::BUILT_IN.into_iter().find(|code| texts::serves(code, &self.language))
    }

    /// Adds a built-in translation file's JSON text, below the site's own translations. Its
    /// category texts apply only to categories that still have their default English texts (a
    /// site that wrote its own descriptions translates them itself).
    pub fn add_built_in(&mut self, language: &str, text: &str) -> Result<(), ConfigError> {
        let mut read = Read::new(text, language);
        let translation = read.translation(language.into());
        let mut translation = read.finish(translation)?;
        let stock = |name: &str| {
            let mine = self.categories.iter().find(|c| c.name == name);
            let seed = SEED.iter().find(|seed| seed.name == name);
            matches!((mine, seed), (Some(m), Some(s)) if m.title == s.title && m.description == s.description)
        };
        translation.categories.retain(|(name, _, _)| stock(name));
        self.translations.push(translation);
        Ok(())
    }
}

/// Reads JSON text into the model, one token at a time, keeping the path of the field being
/// read (`categories.analytics.services`) for the error.
///
/// The first problem is latched, not returned: from then on nothing more is read (every read
/// gives an empty value, every object and array ends), and [`Read::finish`] returns it. The
/// readers then need no early return, each of which would carry its own clean-up of the values
/// being built (much more code in the module, with `?` at every read).
struct Read<'a> {
    json: json::Reader<'a>,
    path: String,
    /// The path of the whole text (empty for the config, the language for a translation file),
    /// which a syntax error names.
    root: &'a str,
    error: Option<ConfigError>,
}

impl<'a> Read<'a> {
    fn new(text: &'a str, root: &'a str) -> Self {
        Read { json: json::Reader::new(text), path: root.into(), root, error: None }
    }

    /// Latches `problem` at the current path, unless a problem came first.
    fn fail(&mut self, problem: Problem) {
        if self.error.is_none() {
            self.error = Some(ConfigError { problem, field: self.path.clone() });
        }
    }

    /// Latches a syntax error, which names the root, unless a problem came first.
    fn syntax(&mut self) {
        if self.error.is_none() {
            self.error = Some(ConfigError { problem: Problem::Syntax, field: self.root.into() });
        }
    }

    /// Whether nothing went wrong so far.
    fn ok(&self) -> bool {
        self.error.is_none()
    }

    /// `value` if the whole text was read without a problem (and nothing follows it).
    fn finish<T>(mut self, value: T) -> Result<T, ConfigError> {
        if self.ok() && self.json.end().is_err() {
            self.syntax();
        }
        match self.error {
            Some(e) => Err(e),
            None => Ok(value),
        }
    }

    /// The next value's token; `Null` once there is a problem.
    fn token(&mut self) -> Token {
        if !self.ok() {
            return Token::Null;
        }
        match self.json.value() {
            Ok(token) => token,
            Err(_) => {
                self.syntax();
                Token::Null
            }
        }
    }

    /// Opens the object that `token` starts (else `ExpectedObject`); returns the length of its
    /// path, which [`Read::key`] takes.
    fn members(&mut self, token: Token) -> usize {
        if token != Token::Object {
            self.fail(Problem::ExpectedObject);
        }
        self.path.len()
    }

    fn object(&mut self) -> usize {
        let token = self.token();
        self.members(token)
    }

    /// The next key of the object whose path is `base` long, with the path now naming it;
    /// `None` at the object's end, or once there is a problem.
    fn key(&mut self, base: usize) -> Option<String> {
        if !self.ok() {
            return None;
        }
        self.path.truncate(base);
        match self.json.key() {
            Ok(Some(key)) => {
                if base > 0 {
                    self.path.push('.');
                }
                self.path.push_str(&key);
                Some(key)
            }
            Ok(None) => None,
            Err(_) => {
                self.syntax();
                None
            }
        }
    }

    /// Whether the array being read has another item; `false` once there is a problem.
    fn item(&mut self) -> bool {
        if !self.ok() {
            return false;
        }
        self.json.item().unwrap_or_else(|_| {
            self.syntax();
            false
        })
    }

    /// Refuses the name of a category or service that is empty, has whitespace (which separates
    /// names in `data-category`) or is `repeated`.
    fn name(&mut self, name: &str, repeated: bool) {
        if name.is_empty() || name.bytes().any(|b| b.is_ascii_whitespace()) || repeated {
            self.fail(Problem::BadName);
        }
    }

    fn boolean(&mut self) -> bool {
        match self.token() {
            Token::Bool(b) => b,
            _ => {
                self.fail(Problem::ExpectedBool);
                false
            }
        }
    }

    fn string(&mut self) -> String {
        match self.token() {
            Token::Str(s) => s,
            _ => {
                self.fail(Problem::ExpectedString);
                String::new()
            }
        }
    }

    fn integer(&mut self, min: u64, max: u64) -> u64 {
        match self.token() {
            Token::Int(n) => match u64::try_from(n) {
                Ok(n) if (min..=max).contains(&n) => return n,
                _ => self.fail(Problem::OutOfRange),
            },
            _ => self.fail(Problem::ExpectedInteger),
        }
        min
    }

    /// A string that `valid` accepts; else `problem`.
    fn checked(&mut self, valid: fn(&str) -> bool, problem: Problem) -> String {
        let text = self.string();
        if !valid(&text) {
            self.fail(problem);
        }
        text
    }

    /// `null` (`None`), or a string as [`Read::checked`].
    fn optional(&mut self, valid: fn(&str) -> bool, problem: Problem) -> Option<String> {
        match self.token() {
            Token::Null => return None,
            Token::Str(text) if valid(&text) => return Some(text),
            Token::Str(_) => self.fail(problem),
            _ => self.fail(Problem::ExpectedString),
        }
        None
    }

    /// One of a fixed set of words (case-insensitive): its position.
    fn choice(&mut self, words: &[&str]) -> usize {
        let text = self.string();
        words.iter().position(|word| word.eq_ignore_ascii_case(&text)).unwrap_or_else(|| {
            self.fail(Problem::NotAChoice);
            0
        })
    }

    /// An array of strings, each of which must be `valid` (else refused with `problem`, naming
    /// the item).
    fn list(&mut self, valid: fn(&str) -> bool, problem: Problem) -> Vec<String> {
        let mut items = Vec::new();
        if self.token() != Token::Array {
            self.fail(Problem::ExpectedArray);
            return items;
        }
        let base = self.path.len();
        while self.item() {
            self.path.truncate(base);
            push_index(&mut self.path, items.len());
            let item = self.string();
            if !valid(&item) {
                self.fail(problem);
            }
            items.push(item);
        }
        self.path.truncate(base);
        items
    }

    /// An array of cookie-name or storage-key patterns.
    fn patterns(&mut self) -> Vec<NamePattern> {
        let mut patterns = Vec::new();
        for text in self.list(|text| NamePattern::parse(text).is_some(), Problem::BadCookieName) {
            patterns.extend(NamePattern::parse(&text));
        }
        patterns
    }

    fn categories(&mut self) -> Vec<Category> {
        let base = self.object();
        let mut list: Vec<Category> = Vec::new();
        while let Some(name) = self.key(base) {
            if list.len() == CategorySet::CAPACITY {
                self.path.truncate(base);
                self.fail(Problem::TooManyCategories);
                break;
            }
            self.name(&name, list.iter().any(|c| c.name == name));
            let mut c = Category {
                title: name.clone(),
                description: String::new(),
                required: false,
                gpc_opt_out: name == "marketing",
                services: Vec::new(),
                name,
            };
            let fields = self.object();
            while let Some(key) = self.key(fields) {
                match key.as_str() {
                    "title" => c.title = self.string(),
                    "description" => c.description = self.string(),
                    "required" => c.required = self.boolean(),
                    "gpc_opt_out" => c.gpc_opt_out = self.boolean(),
                    "services" => c.services = self.services(),
                    _ => self.fail(Problem::UnknownField),
                }
            }
            list.push(c);
        }
        list
    }

    fn services(&mut self) -> Vec<Service> {
        let base = self.object();
        let mut list: Vec<Service> = Vec::new();
        while let Some(name) = self.key(base) {
            self.name(&name, list.iter().any(|s| s.name == name));
            // A catalogued service listed by its id keeps the catalog's title.
            let title = catalog::entry(&name).map_or(name.as_str(), |e| e.title).into();
            let mut s = Service { name, title, cookies: Vec::new(), storage: Vec::new(), hosts: Vec::new() };
            let fields = self.object();
            while let Some(key) = self.key(fields) {
                match key.as_str() {
                    "title" => s.title = self.string(),
                    "cookies" => s.cookies = self.patterns(),
                    "storage" => s.storage = self.patterns(),
                    "hosts" => s.hosts = self.list(|text| Rule::parse(text).is_some(), Problem::BadHost),
                    _ => self.fail(Problem::UnknownField),
                }
            }
            list.push(s);
        }
        list
    }

    fn cookie(&mut self) -> CookieSettings {
        let mut c = CookieSettings::default();
        let base = self.object();
        while let Some(key) = self.key(base) {
            match key.as_str() {
                "name" => c.name = self.checked(crate::cookie::is_token, Problem::BadCookieName),
                "domain" => c.domain = self.optional(cookie_domain, Problem::BadCookieScope),
                "path" => c.path = self.checked(cookie_path, Problem::BadCookieScope),
                "days" => c.days = self.integer(1, 3650),
                "same_site" => c.same_site = [SameSite::Lax, SameSite::Strict, SameSite::None][self.choice(&["Lax", "Strict", "None"])],
                _ => self.fail(Problem::UnknownField),
            }
        }
        c
    }

    fn translations(&mut self) -> Vec<Translation> {
        let base = self.object();
        let mut list = Vec::new();
        while let Some(language) = self.key(base) {
            list.push(self.translation(language));
        }
        list
    }

    /// One language's strings: interface keys, and `categories: {name: {title, description}}`.
    fn translation(&mut self, language: String) -> Translation {
        let mut translation = Translation { language, texts: Vec::new(), categories: Vec::new() };
        let base = self.object();
        while let Some(key) = self.key(base) {
            if key != "categories" {
                match Text::from_key(&key) {
                    Some(text) => {
                        let local = self.string();
                        translation.texts.push((text, local));
                    }
                    None => self.fail(Problem::UnknownField),
                }
                continue;
            }
            let names = self.object();
            while let Some(name) = self.key(names) {
                self.name(&name, translation.categories.iter().any(|(n, _, _)| *n == name));
                let (mut title, mut description) = (None, None);
                let fields = self.object();
                while let Some(key) = self.key(fields) {
                    match key.as_str() {
                        "title" => title = Some(self.string()),
                        "description" => description = Some(self.string()),
                        _ => self.fail(Problem::UnknownField),
                    }
                }
                translation.categories.push((name, title, description));
            }
        }
        translation
    }

    /// `false`, or an object that remaps some of Google's consent types to lists of categories;
    /// with which types it maps.
    fn consent_mode(&mut self) -> (Option<Mapping>, [bool; consent_mode::TYPES.len()]) {
        let mut mapped = [false; consent_mode::TYPES.len()];
        let token = self.token();
        if token == Token::Bool(false) {
            return (None, mapped);
        }
        let base = self.members(token);
        let mut mapping = Mapping::default();
        while let Some(key) = self.key(base) {
            match consent_mode::TYPES.iter().position(|kind| *kind == key) {
                Some(i) => {
                    mapping.0[i] = self.list(|_| true, Problem::BadName);
                    mapped[i] = true;
                }
                None => self.fail(Problem::UnknownField),
            }
        }
        (Some(mapping), mapped)
    }
}

/// Appends `[index]` to a field's path.
fn push_index(path: &mut String, index: usize) {
    path.push('[');
    push_decimal(path, index as u64);
    path.push(']');
}

fn cookie_domain(domain: &str) -> bool {
    !domain.is_empty() && domain.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
}

fn cookie_path(path: &str) -> bool {
    path.starts_with("/") && path.bytes().all(|b| b > b' ' && b < 0x7f && b != b';')
}

/// Accepts `http:`/`https:` URLs and relative ones; refuses every other scheme
/// (`javascript:`, `data:`, `vbscript:` …) and any whitespace or control character, which
/// browsers strip from URLs and attackers use to hide a scheme (`java\tscript:`).
fn safe_url(url: &str) -> bool {
    if url.is_empty() || url.bytes().any(|b| b <= b' ' || b == 0x7f) {
        return false;
    }
    // A scheme is letters, digits, `+ - .` before the first `:`, if that colon comes before any
    // `/ ? #` (URL standard).
    match url.bytes().position(|b| matches!(b, b':' | b'/' | b'?' | b'#')).filter(|&i| url.as_bytes()[i] == b':') {
        Some(end) => url[..end].eq_ignore_ascii_case("http") || url[..end].eq_ignore_ascii_case("https"),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn err(text: &str) -> (Problem, String) {
        let e = Config::from_json(text).expect_err(text);
        (e.problem, e.field)
    }

    #[test]
    fn empty_object_gives_the_seed_site_defaults() {
        let c = Config::from_json("{}").unwrap();
        assert_eq!(c, Config::default());
        let names: Vec<_> = c.categories.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["necessary", "performance", "analytics", "session-replay", "marketing"]);
        assert_eq!(c.required(), CategorySet::empty().with(0));
        assert_eq!(c.signal_opt_out(), CategorySet::empty().with(4));
        assert_eq!(c.cookie.name, "cg_consent");
        assert_eq!(c.cookie.days, 182);
        assert_eq!(c.opt_out_cookie, "cg_optout");
        assert!(c.gpc && !c.dnt && c.reload_on_withdraw);
        let ga = &c.categories[2].services[0];
        assert!(ga.cookies.iter().any(|p| p.matches("_ga")));
        assert!(ga.cookies.iter().any(|p| p.matches("_ga_ABC123")));
        assert!(ga.cookies.iter().any(|p| p.matches("_gat_UA-1")));
        assert!(!ga.cookies.iter().any(|p| p.matches("_gax")));
    }

    #[test]
    fn reads_every_field() {
        let c = Config::from_json(
            r#"{
              "revision": 3,
              "categories": {
                "essential": {"title": "Essential", "required": true},
                "stats": {"title": "Statistics", "description": "Counting visits",
                          "services": {"plausible": {"title": "Plausible", "cookies": ["pl", "^pl_"], "storage": ["^pl."]}}},
                "ads": {"gpc_opt_out": true},
                "marketing": {"gpc_opt_out": false}
              },
              "cookie": {"name": "consent", "domain": "example.com", "path": "/shop", "days": 30, "same_site": "strict"},
              "opt_out_cookie": "no_tracking",
              "gpc": false, "dnt": true,
              "language": "de",
              "translations": {"de": {"accept_all": "Alle akzeptieren", "categories": {"stats": {"title": "Statistik"}}}},
              "privacy_policy_url": "/privacy",
              "reload_on_withdraw": false,
              "theme": "dark", "position": "Center"
            }"#,
        )
        .unwrap();
        assert_eq!(c.revision, 3);
        assert_eq!(c.categories.len(), 4);
        assert_eq!(c.required(), CategorySet::empty().with(0));
        assert_eq!(c.signal_opt_out(), CategorySet::empty().with(2), "explicit gpc_opt_out wins over the name");
        assert_eq!(c.categories[1].services[0].cookies.len(), 2);
        assert_eq!(c.categories[1].services[0].storage.len(), 1);
        assert_eq!(c.categories[2].title, "ads", "title defaults to the name");
        assert_eq!(c.cookie.name, "consent");
        assert_eq!(c.cookie.domain.as_deref(), Some("example.com"));
        assert_eq!(c.cookie.path, "/shop");
        assert_eq!(c.cookie.days, 30);
        assert_eq!(c.cookie.same_site, SameSite::Strict);
        assert_eq!(c.opt_out_cookie, "no_tracking");
        assert!(!c.gpc && c.dnt && !c.reload_on_withdraw);
        assert_eq!(c.text(Text::AcceptAll), "Alle akzeptieren");
        assert_eq!(c.text(Text::RejectAll), "Reject all", "missing strings fall back to English");
        assert_eq!(c.category_texts(1), ("Statistik", "Counting visits"));
        assert_eq!(c.privacy_policy_url.as_deref(), Some("/privacy"));
        assert_eq!((c.theme, c.position), (Theme::Dark, Position::Center));
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

    #[test]
    fn errors_name_the_field() {
        let rows: &[(&str, Problem, &str)] = &[
            ("{", Problem::Syntax, ""),
            ("[]", Problem::ExpectedObject, ""),
            (r#"{"revison": 2}"#, Problem::UnknownField, "revison"),
            (r#"{"revision": "2"}"#, Problem::ExpectedInteger, "revision"),
            (r#"{"revision": 1.5}"#, Problem::ExpectedInteger, "revision"),
            (r#"{"revision": 0}"#, Problem::OutOfRange, "revision"),
            (r#"{"revision": -1}"#, Problem::OutOfRange, "revision"),
            (r#"{"gpc": "yes"}"#, Problem::ExpectedBool, "gpc"),
            (r#"{"categories": []}"#, Problem::ExpectedObject, "categories"),
            (r#"{"categories": {"analytics": {"required": 1}}}"#, Problem::ExpectedBool, "categories.analytics.required"),
            (r#"{"categories": {"analytics": {"requried": true}}}"#, Problem::UnknownField, "categories.analytics.requried"),
            (r#"{"categories": {"a b": {}}}"#, Problem::BadName, "categories.a b"),
            (r#"{"categories": {"": {}}}"#, Problem::BadName, "categories."),
            (r#"{"categories": {"a": {}, "a": {}}}"#, Problem::BadName, "categories.a"),
            (r#"{"categories": {"a": {"services": {"s": {"cookies": "_ga"}}}}}"#, Problem::ExpectedArray, "categories.a.services.s.cookies"),
            (r#"{"categories": {"a": {"services": {"s": {"cookies": ["_ga", "^"]}}}}}"#, Problem::BadCookieName, "categories.a.services.s.cookies[1]"),
            (r#"{"categories": {"a": {"services": {"s": {"cookies": ["a;b"]}}}}}"#, Problem::BadCookieName, "categories.a.services.s.cookies[0]"),
            (r#"{"cookie": {"name": "a=b"}}"#, Problem::BadCookieName, "cookie.name"),
            (r#"{"cookie": {"days": 0}}"#, Problem::OutOfRange, "cookie.days"),
            (r#"{"cookie": {"path": "x"}}"#, Problem::BadCookieScope, "cookie.path"),
            (r#"{"cookie": {"domain": "a;b"}}"#, Problem::BadCookieScope, "cookie.domain"),
            (r#"{"cookie": {"same_site": "sometimes"}}"#, Problem::NotAChoice, "cookie.same_site"),
            (r#"{"theme": "purple"}"#, Problem::NotAChoice, "theme"),
            (r#"{"position": "top"}"#, Problem::NotAChoice, "position"),
            (r#"{"auto_block": "yes"}"#, Problem::ExpectedBool, "auto_block"),
            (r#"{"categories": {"a": {"services": {"s": {"hosts": ["https://x.test/"]}}}}}"#, Problem::BadHost, "categories.a.services.s.hosts[0]"),
            (r#"{"categories": {"a": {"services": {"s": {"hosts": ["*"]}}}}}"#, Problem::BadHost, "categories.a.services.s.hosts[0]"),
            (r#"{"consent_mode": {"ad_storage": ["marketing", "ads"]}}"#, Problem::UnknownCategory, "consent_mode.ad_storage[1]"),
            (r#"{"consent_mode": {"security_storage": []}}"#, Problem::UnknownField, "consent_mode.security_storage"),
            (r#"{"opt_out_cookie": ""}"#, Problem::BadCookieName, "opt_out_cookie"),
            (r#"{"translations": {"de": {"acept_all": "x"}}}"#, Problem::UnknownField, "translations.de.acept_all"),
            (r#"{"translations": {"de": {"save": 1}}}"#, Problem::ExpectedString, "translations.de.save"),
            (r#"{"privacy_policy_url": "javascript:alert(1)"}"#, Problem::BadUrl, "privacy_policy_url"),
            (r#"{"privacy_policy_url": "JavaScript:alert(1)"}"#, Problem::BadUrl, "privacy_policy_url"),
            (r#"{"privacy_policy_url": "java\tscript:alert(1)"}"#, Problem::BadUrl, "privacy_policy_url"),
            (r#"{"privacy_policy_url": " javascript:alert(1)"}"#, Problem::BadUrl, "privacy_policy_url"),
            (r#"{"privacy_policy_url": "data:text/html,<b>x</b>"}"#, Problem::BadUrl, "privacy_policy_url"),
            (r#"{"privacy_policy_url": ""}"#, Problem::BadUrl, "privacy_policy_url"),
        ];
        for (text, problem, field) in rows {
            assert_eq!(err(text), (*problem, field.to_string()), "{text}");
        }
    }

    #[test]
    fn reads_fields_in_document_order() {
        let c = Config::from_json(r#"{"gpc": false, "gpc": true, "cookie": {"days": 5}, "cookie": {"name": "c"}}"#).unwrap();
        assert!(c.gpc, "the last of a repeated field counts");
        assert_eq!((c.cookie.name.as_str(), c.cookie.days), ("c", 182), "a repeated object replaces the earlier one");
        assert_eq!(err(r#"{"gpc": "yes", "gpc": true}"#), (Problem::ExpectedBool, "gpc".into()), "each is checked");
        assert_eq!(err(r#"{"theme": "purple", "revison": 1}"#), (Problem::NotAChoice, "theme".into()), "the first problem is named");
        assert_eq!(err(r#"{"revison": 1, "theme": "purple"}"#), (Problem::UnknownField, "revison".into()));
        assert_eq!(err(r#"{"gpc": true} x"#), (Problem::Syntax, String::new()));
        let mut c = Config::default();
        assert_eq!(c.add_built_in("de", r#"{"save": "x"} ,"#).unwrap_err().field, "de", "a translation file's syntax error names its language");
        assert_eq!(c.add_built_in("de", r#"{"sav": "x"}"#).unwrap_err().field, "de.sav");
    }

    #[test]
    fn error_message_is_one_readable_line() {
        let e = Config::from_json(r#"{"categories": {"analytics": {"required": "no"}}}"#).unwrap_err();
        assert_eq!(e.message(), "invalid config: `categories.analytics.required` must be true or false");
        assert_eq!(Config::from_json("nope").unwrap_err().message(), "invalid config: the document is not valid JSON");
    }

    #[test]
    fn accepts_safe_urls() {
        for url in ["https://example.com/privacy", "HTTP://x", "/privacy", "privacy.html", "../p?x=a:b", "//cdn.example/p", "#policy"] {
            let text = String::from(r#"{"privacy_policy_url": ""#) + url + "\"}";
            assert_eq!(Config::from_json(&text).unwrap().privacy_policy_url.as_deref(), Some(url));
        }
    }

    #[test]
    fn limits_category_count() {
        let mut text = String::from(r#"{"categories": {"#);
        for i in 0..65 {
            if i > 0 {
                text.push(',');
            }
            text.push_str("\"c");
            push_decimal(&mut text, i);
            text.push_str("\": {}");
        }
        text.push_str("}}");
        assert_eq!(err(&text).0, Problem::TooManyCategories);
    }

    proptest! {
        #[test]
        fn arbitrary_text_never_panics(text in ".*") {
            let _ = Config::from_json(&text);
        }

        #[test]
        fn arbitrary_field_values_never_panic(key in "[a-z_]{1,20}", value in r#"[\[\]{}",:0-9a-z.\-]{0,40}"#) {
            let text = String::from("{\"") + &key + "\": " + &value + "}";
            let _ = Config::from_json(&text);
        }
    }
}
