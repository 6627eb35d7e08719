//! Reading the config (and a translation file) from JSON text, strictly, with the path of the
//! first field that is wrong: one token at a time through [`crate::json`], no tree, no serde.

use super::{Category, Config, ConfigError, CookieSettings, Position, Problem, SameSite, Service, Theme, Translation};
use crate::catalog;
use crate::category::CategorySet;
use crate::consent_mode::{self, Mapping};
use crate::cookie::NamePattern;
use crate::json::{self, Token};
use crate::number::push_decimal;
use crate::region::{self, Link, Mode, Policy, Regions};
use crate::texts::Text;
use crate::url::Rule;

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
                "records_url" => c.records_url = r.optional(safe_url, Problem::BadUrl),
                "regions" => c.regions = r.regions(),
                "placeholders" => c.placeholders = r.boolean(),
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
}

/// A translation file's JSON text for `language` (a built-in one), read as strictly as a config's
/// `translations.<language>`.
pub(crate) fn translation(text: &str, language: &str) -> Result<Translation, ConfigError> {
    let mut read = Read::new(text, language);
    let translation = read.translation(language.into());
    read.finish(translation)
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
                opt_in_everywhere: name == "session-replay",
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
                    "opt_in_everywhere" => c.opt_in_everywhere = self.boolean(),
                    "services" => c.services = self.services(),
                    _ => self.fail(Problem::UnknownField),
                }
            }
            list.push(c);
        }
        list
    }

    /// `regions`: `null`, a preset's name (`"worldwide"`), or `{policies, unknown}`.
    fn regions(&mut self) -> Option<Regions> {
        let token = self.token();
        match &token {
            Token::Null => return None,
            Token::Str(name) if name == "worldwide" => return Some(region::worldwide()),
            Token::Str(_) => {
                self.fail(Problem::NotAChoice);
                return None;
            }
            _ => {}
        }
        let base = self.members(token);
        let (mut policies, mut unknown) = (Vec::new(), None);
        while let Some(key) = self.key(base) {
            match key.as_str() {
                "policies" => policies = self.policies(),
                "unknown" => unknown = Some(self.string()),
                _ => self.fail(Problem::UnknownField),
            }
        }
        self.path.truncate(base);
        self.path.push_str(".unknown");
        let index = unknown.and_then(|name| policies.iter().position(|p: &Policy| p.id == name));
        match index {
            None => self.fail(Problem::UnknownPolicy),
            Some(i) if policies[i].mode != Mode::OptIn => self.fail(Problem::FallbackNotOptIn),
            Some(_) => {}
        }
        self.path.truncate(base);
        Some(Regions { policies, unknown: index.unwrap_or(0) })
    }

    /// `regions.policies`: `[{id, match, mode, link}]`.
    fn policies(&mut self) -> Vec<Policy> {
        let mut list: Vec<Policy> = Vec::new();
        if self.token() != Token::Array {
            self.fail(Problem::ExpectedArray);
            return list;
        }
        let base = self.path.len();
        while self.item() {
            self.path.truncate(base);
            push_index(&mut self.path, list.len());
            let token = self.token();
            let fields = self.members(token);
            let mut p = Policy { id: String::new(), matches: Vec::new(), mode: Mode::OptIn, link: Link::DoNotSell };
            while let Some(key) = self.key(fields) {
                match key.as_str() {
                    "id" => {
                        p.id = self.string();
                        self.name(&p.id, list.iter().any(|q| q.id == p.id));
                    }
                    "match" => {
                        for item in self.list(|item| region::expand(item).is_some(), Problem::BadRegion) {
                            p.matches.extend(region::expand(&item).unwrap_or_default());
                        }
                    }
                    "mode" => p.mode = Mode::ALL[self.choice(&["opt-in", "notice", "opt-out", "none"])],
                    "link" => p.link = [Link::DoNotSell, Link::PrivacyChoices][self.choice(&["do-not-sell", "privacy-choices"])],
                    _ => self.fail(Problem::UnknownField),
                }
            }
            if p.id.is_empty() {
                self.path.truncate(fields);
                self.path.push_str(".id");
                self.fail(Problem::BadName);
            }
            list.push(p);
        }
        self.path.truncate(base);
        list
    }

    fn services(&mut self) -> Vec<Service> {
        let base = self.object();
        let mut list: Vec<Service> = Vec::new();
        while let Some(name) = self.key(base) {
            self.name(&name, list.iter().any(|s| s.name == name));
            // A catalogued service listed by its id keeps the catalog's title.
            let title = catalog::entry(&name).map_or(name.as_str(), |e| e.title).into();
            let mut s = Service { name, title, cookies: Vec::new(), storage: Vec::new(), hosts: Vec::new(), privacy_policy_url: None, placeholder: None };
            let fields = self.object();
            while let Some(key) = self.key(fields) {
                match key.as_str() {
                    "title" => s.title = self.string(),
                    "cookies" => s.cookies = self.patterns(),
                    "storage" => s.storage = self.patterns(),
                    "hosts" => s.hosts = self.list(|text| Rule::parse(text).is_some(), Problem::BadHost),
                    "privacy_policy_url" => s.privacy_policy_url = self.optional(safe_url, Problem::BadUrl),
                    "placeholder" => s.placeholder = Some(self.string()),
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
    fn reads_every_field() {
        let c = Config::from_json(crate::conformance::CONFIG_ACCEPTED).unwrap();
        assert_eq!(c.revision, 3);
        assert_eq!(c.categories.len(), 4);
        assert_eq!(c.required(), CategorySet::empty().with(0));
        assert_eq!(c.signal_opt_out(), CategorySet::empty().with(2), "explicit gpc_opt_out wins over the name");
        assert_eq!(c.categories[1].services[0].cookies.len(), 2);
        assert_eq!(c.categories[1].services[0].storage.len(), 1);
        assert_eq!(c.categories[1].services[0].hosts, ["*.stats.example"]);
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
        assert!(c.auto_block && c.consent_mode.is_some());
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

    /// Words that reach the reader's deeper paths: the config's fields (the first 16, the only keys
    /// of the top level), the seed site's categories, values its fields take, and a few that are
    /// none of these.
    const WORDS: &[&str] = &[
        "revision", "categories", "cookie", "opt_out_cookie", "gpc", "dnt", "language", "translations", "privacy_policy_url",
        "reload_on_withdraw", "theme", "position", "auto_block", "consent_mode", "records_url", "regions", "title", "description", "required", "gpc_opt_out",
        "services", "cookies", "storage", "hosts", "name", "domain", "path", "days", "same_site", "necessary", "analytics",
        "marketing", "session-replay", "hotjar", "ad_storage", "analytics_storage", "de", "save", "accept_all", "dark", "box",
        "Lax", "*.example.com", "stats.example.com/t/?id=G-", "^_ga", "/privacy", "javascript:x", "a b", "", "revison",
        "policies", "unknown", "match", "mode", "link", "id", "opt-out", "notice", "@EEA", "US-CA", "worldwide", "opt_in_everywhere",
        "placeholders", "placeholder",
    ];

    /// JSON text: objects (keyed by [`WORDS`] mostly), arrays, strings, numbers, booleans, null,
    /// nested a few levels, so that every path of the reader is reached with values of every type.
    fn json() -> impl Strategy<Value = String> {
        let word = || prop_oneof![4 => proptest::sample::select(WORDS).prop_map(String::from), 1 => "[a-z_^*./-]{0,10}"];
        let leaf = prop_oneof![
            Just(String::from("null")),
            Just(String::from("true")),
            Just(String::from("false")),
            (-3i64..4000).prop_map(|n| n.to_string()),
            Just(String::from("1.5")),
            word().prop_map(|w| String::from("\"") + &w + "\""),
        ];
        leaf.prop_recursive(4, 64, 6, move |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..5).prop_map(|items| String::from("[") + &items.join(",") + "]"),
                proptest::collection::vec((word(), inner), 0..6).prop_map(|members| {
                    let members: Vec<String> = members.into_iter().map(|(k, v)| String::from("\"") + &k + "\": " + &v).collect();
                    String::from("{") + &members.join(", ") + "}"
                }),
            ]
        })
    }

    proptest! {
        #[test]
        fn arbitrary_text_never_panics(text in ".*") {
            let _ = Config::from_json(&text);
        }

        /// JSON-shaped text never panics, and what is wrong with it is never its syntax.
        #[test]
        fn json_shaped_text_is_read_to_its_first_problem(members in proptest::collection::vec((proptest::sample::select(&WORDS[..16]), json()), 0..6)) {
            let members: Vec<String> = members.into_iter().map(|(k, v)| String::from("\"") + k + "\": " + &v).collect();
            let text = String::from("{") + &members.join(", ") + "}";
            if let Err(e) = Config::from_json(&text) {
                prop_assert_ne!(e.problem, Problem::Syntax, "{}", text);
            }
        }

        #[test]
        fn arbitrary_field_values_never_panic(key in "[a-z_]{1,20}", value in r#"[\[\]{}",:0-9a-z.\-]{0,40}"#) {
            let text = String::from("{\"") + &key + "\": " + &value + "}";
            let _ = Config::from_json(&text);
        }
    }
}
