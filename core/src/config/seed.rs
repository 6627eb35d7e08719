//! The defaults: the seed site's categories (necessary, performance, analytics with Google
//! Analytics, session replay with LogRocket, marketing, as its privacy notice has them), and what
//! tells a category the site left as it was from one it described itself.

use super::{Category, Config, CookieSettings, Position, SameSite, Service, Theme};
use crate::consent_mode::Mapping;
use crate::cookie::parse_all;

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
                    privacy_policy_url: None,
                    placeholder: None,
                });
            }
            categories.push(Category {
                name: seed.name.into(),
                title: seed.title.into(),
                description: seed.description.into(),
                required: seed.name == "necessary",
                gpc_opt_out: seed.name == "marketing",
                opt_in_everywhere: seed.name == "session-replay",
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
            records_url: None,
            regions: None,
            reload_on_withdraw: true,
            placeholders: true,
            theme: Theme::Auto,
            position: Position::Bar,
            auto_block: true,
            consent_mode: Some(Mapping::default()),
        }
    }
}

/// Whether `category` still has the seed site's texts for it (a built-in translation may then
/// translate them; a category the site described itself is translated by the site).
pub(crate) fn is_stock(category: &Category) -> bool {
    SEED.iter().any(|seed| seed.name == category.name && seed.title == category.title && seed.description == category.description)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CategorySet;

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
}
