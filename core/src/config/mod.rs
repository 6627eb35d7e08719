//! The site's configuration: its model. Its defaults, the seed site's, are `config/seed.rs`'s;
//! reading it from JSON, strictly ([`Config::from_json`]), is `config/read.rs`'s; the interface
//! strings in the language shown are [`crate::texts`]'.
//!
//! Every field is optional and the defaults describe the seed site (necessary, performance,
//! analytics with Google Analytics, session replay with LogRocket, marketing). Reading is strict:
//! an unknown field, a value of the wrong type or an unsafe value (a `javascript:` policy URL, a
//! cookie name with `;`) is a [`ConfigError`] that names the field, so that a typo never silently
//! weakens the gate. What to do with the error (log it, fall back to the defaults, hold
//! everything) is the browser layer's decision, not this module's.

use crate::category::CategorySet;
use crate::consent_mode::Mapping;
use crate::cookie::NamePattern;
use crate::region::Regions;
use crate::texts::Text;

pub(crate) mod read;
pub(crate) mod seed;

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
    /// Where to post a consent record after each choice (a records service's `/v1/consents`,
    /// http(s) or relative), or `None` to keep choices in the visitor's browser only.
    pub records_url: Option<String>,
    /// Region policies, or `None`: opt-in everywhere (see [`crate::region`]).
    pub regions: Option<Regions>,
    /// Show a held `<iframe>` as a placeholder that names its service and offers to load it.
    pub placeholders: bool,
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
    /// Denied while a GPC (or, if enabled, DNT) signal is present, unless the visitor ticks it;
    /// in opt-out regions, what the "Do Not Sell or Share" link opts out of.
    pub gpc_opt_out: bool,
    /// Held until the visitor consents in every region, opt-out ones included.
    pub opt_in_everywhere: bool,
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
    /// Its privacy policy (http(s) or relative), linked from a held embed's placeholder; a
    /// catalogued service has the catalog's.
    pub privacy_policy_url: Option<String>,
    /// The text a held embed's placeholder shows instead of the built-in one.
    pub placeholder: Option<String>,
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
    /// Not a region code (`DE`, `US-CA`), a group (`@EEA`, `@EU`) or `*`.
    BadRegion,
    /// `regions.unknown` is missing or names no policy.
    UnknownPolicy,
    /// `regions.unknown` names a policy that is not opt-in.
    FallbackNotOptIn,
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
            Problem::BadRegion => "must be a region code such as DE or US-CA (uppercase; GB, not UK), @EEA, @EU or *",
            Problem::UnknownPolicy => "must name one of the region policies",
            Problem::FallbackNotOptIn => "must name an opt-in policy: an unknown region is treated as opt-in",
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

impl Config {
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

    /// The categories that stay opt-in in every region.
    pub fn opt_in_everywhere(&self) -> CategorySet {
        self.set_where(|c| c.opt_in_everywhere && !c.required)
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
}
