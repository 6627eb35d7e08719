//! The trackers a config knows by host: the site's own services (that list `hosts`) and every
//! catalogued service, each in a category. Which tracker a URL belongs to, and which cookies and
//! storage keys belong to a set of categories. (Whether requests are intercepted at all is the
//! config's `auto_block`; the audit and the clean-up use the trackers either way.)
//!
//! A config service named like a catalog entry (`categories.analytics.services.hotjar`) *is*
//! that entry, moved to the category it is listed in, with any hosts, cookies and keys it adds.
//! A catalog entry the config does not name keeps its own category; a session-replay service
//! falls back to `analytics` where the config has no `session-replay` category, and a service
//! whose category the config lacks altogether has none: it is never granted.

use crate::catalog::{self, Entry, CATALOG};
use crate::config::{Category, Config, Service};
use crate::cookie::{self, NamePattern};
use crate::url::{self, Parts};
use crate::split;
use crate::CategorySet;

/// A service the gate recognises by host.
#[derive(Clone, Copy, Debug)]
pub struct Tracker<'c> {
    /// The service's name (config name or catalog id).
    pub name: &'c str,
    /// The service's visible title.
    pub title: &'c str,
    /// Its category's position, if the config has that category.
    pub category: Option<usize>,
    /// The category name a tag of it is held under (`data-category`).
    pub category_name: &'c str,
    pub(crate) site: Option<&'c Service>,
    pub(crate) entry: Option<&'static Entry>,
}

impl<'c> Tracker<'c> {
    /// Its host rules' text: the site's, then the catalog's.
    fn rules(&self) -> (&'c [String], &'static str) {
        (self.site.map_or(&[][..], |s| &s.hosts[..]), self.entry.map_or("", |e| e.hosts))
    }

    /// Whether `url` is one of its hosts.
    pub fn covers(&self, url: &Parts) -> bool {
        let (site, catalogued) = self.rules();
        site.iter().any(|rule| url::covers(rule, url)) || url::any_covers(catalogued, url)
    }
}

impl Config {
    /// Every tracker of this config: the site's own services first (in category order), then
    /// the catalogued services in catalog order (as the config places them).
    pub fn trackers(&self) -> Vec<Tracker<'_>> {
        let mut list = Vec::new();
        // The site's own services first: a first-party proxy host it lists wins over the catalog.
        for (index, category) in self.categories.iter().enumerate() {
            for service in &category.services {
                if catalog::entry(&service.name).is_none() {
                    list.push(Tracker {
                        name: &service.name,
                        title: &service.title,
                        category: Some(index),
                        category_name: &category.name,
                        site: Some(service),
                        entry: None,
                    });
                }
            }
        }
        for entry in CATALOG {
            list.push(match self.site_service(entry.id) {
                Some((index, category, service)) => Tracker {
                    name: entry.id,
                    title: &service.title,
                    category: Some(index),
                    category_name: &category.name,
                    site: Some(service),
                    entry: Some(entry),
                },
                None => {
                    let fallback = (entry.category == catalog::FALLBACK.0).then_some(catalog::FALLBACK.1);
                    let index = self.category_index(entry.category).or_else(|| fallback.and_then(|f| self.category_index(f)));
                    Tracker {
                        name: entry.id,
                        title: entry.title,
                        category: index,
                        category_name: index.and_then(|i| self.categories.get(i)).map_or(entry.category, |c| c.name.as_str()),
                        site: None,
                        entry: Some(entry),
                    }
                }
            });
        }
        list
    }

    /// The service the config lists under `name`, with its category's position and the category.
    fn site_service(&self, name: &str) -> Option<(usize, &Category, &Service)> {
        for (index, category) in self.categories.iter().enumerate() {
            if let Some(service) = category.services.iter().find(|s| s.name == name) {
                return Some((index, category, service));
            }
        }
        None
    }

    /// The position of the category the service called `name` (the config's or the catalog's)
    /// is in; `None` for an unknown service, or one whose category the config lacks.
    pub fn service_category(&self, name: &str) -> Option<usize> {
        self.tracker(name)?.category
    }

    /// The tracker (service) called `name`: the config's or the catalog's.
    pub fn tracker(&self, name: &str) -> Option<Tracker<'_>> {
        self.trackers().into_iter().find(|t| t.name == name)
    }

    /// Of `names`, each once, the services to grant one by one: those known in a category that
    /// `whole` (the categories granted whole) does not hold.
    pub fn partial(&self, names: &[String], whole: CategorySet) -> Vec<String> {
        let mut list: Vec<String> = Vec::new();
        for name in names {
            if self.service_category(name).is_some_and(|i| !whole.contains(i)) && !list.contains(name) {
                list.push(name.clone());
            }
        }
        list
    }

    /// The tracker `url` belongs to, if any (the first whose hosts cover it). Relative and
    /// non-http(s) URLs belong to none.
    pub fn tracker_of(&self, url: &str) -> Option<Tracker<'_>> {
        let parts = url::parse(url)?;
        self.trackers().into_iter().find(|t| t.covers(&parts))
    }

    /// The hosts its trackers live on, lowercase, each once, space-separated. A URL whose host
    /// is none of them and a subdomain of none of them belongs to no tracker, so interception
    /// need not ask about it (tests/node/prestart.test.mjs holds interception's host filter to
    /// that).
    pub fn tracker_hosts(&self) -> String {
        let mut hosts = String::new();
        let mut add = |rule: &str| {
            let host = url::rule_host(rule).0;
            if !split::pieces(&hosts, b' ').any(|known| known.eq_ignore_ascii_case(host)) {
                if !hosts.is_empty() {
                    hosts.push(' ');
                }
                hosts.push_str(&host.to_ascii_lowercase());
            }
        };
        for tracker in self.trackers() {
            let (site, catalogued) = tracker.rules();
            site.iter().for_each(|rule| add(rule));
            catalogued.split_ascii_whitespace().for_each(&mut add);
        }
        hosts
    }

    /// The cookie and storage-key patterns of the trackers that `which` picks.
    pub fn patterns(&self, which: impl Fn(&Tracker) -> bool) -> (Vec<NamePattern>, Vec<NamePattern>) {
        let (mut cookies, mut storage) = (Vec::new(), Vec::new());
        for tracker in self.trackers() {
            if !which(&tracker) {
                continue;
            }
            if let Some(site) = tracker.site {
                cookies.extend_from_slice(&site.cookies);
                storage.extend_from_slice(&site.storage);
            }
            if let Some(entry) = tracker.entry {
                cookies.append(&mut cookie::parse_all(entry.cookies));
                storage.append(&mut cookie::parse_all(entry.storage));
            }
        }
        (cookies, storage)
    }
}

/// Whether `url` is on a catalogued tracker's host, whatever a config says: what the gate can
/// decide before it has its config.
pub fn catalogued(url: &str) -> bool {
    url::parse(url).is_some_and(|parts| CATALOG.iter().any(|e| url::any_covers(e.hosts, &parts)))
}

/// The Google Analytics measurement ID a tag URL loads (`gtag/js?id=G-…`), for its
/// `ga-disable-<ID>` opt-out flag.
pub fn measurement_id(url: &str) -> Option<&str> {
    let parts = url::parse(url)?;
    let id = url::query_param(&parts, "id")?;
    let ok = parts.host.eq_ignore_ascii_case("www.googletagmanager.com")
        && (id.starts_with("G-") || id.starts_with("UA-"))
        && id[2..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    ok.then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owner(config: &Config, url: &str) -> Option<(String, Option<String>)> {
        config
            .tracker_of(url)
            .map(|t| (t.name.to_string(), t.category.map(|i| config.categories[i].name.clone())))
    }

    fn is(config: &Config, url: &str, name: &str, category: &str) {
        assert_eq!(owner(config, url), Some((name.into(), Some(category.into()))), "{url}");
    }

    #[test]
    fn the_default_config_knows_every_vendor_in_the_issue() {
        let c = Config::default();
        is(&c, "https://www.googletagmanager.com/gtag/js?id=G-ABC123", "google-analytics", "analytics");
        is(&c, "https://region1.google-analytics.com/g/collect?v=2&tid=G-1", "google-analytics", "analytics");
        is(&c, "https://www.googletagmanager.com/gtm.js?id=GTM-ABC", "google-tag-manager", "marketing");
        is(&c, "https://www.googletagmanager.com/gtag/js?id=GT-UNKNOWN", "google-tag-manager", "marketing");
        is(&c, "https://www.googletagmanager.com/gtag/js?id=AW-123", "google-ads", "marketing");
        is(&c, "https://www.google-analytics.com/analytics.js", "universal-analytics", "analytics");
        is(&c, "https://cdn.logr-in.com/LogRocket.min.js", "logrocket", "session-replay");
        is(&c, "https://r.lgrckt-in.com/i", "logrocket", "session-replay");
        is(&c, "https://static.hotjar.com/c/hotjar-1.js?sv=6", "hotjar", "session-replay");
        is(&c, "https://static.hj.contentsquare.net/c/csq-1.js", "hotjar", "session-replay");
        is(&c, "https://edge.fullstory.com/s/fs.js", "fullstory", "session-replay");
        is(&c, "https://www.clarity.ms/tag/abc", "clarity", "session-replay");
        is(&c, "https://web-sdk.smartlook.com/recorder.js", "smartlook", "session-replay");
        is(&c, "https://cdn.mouseflow.com/projects/1.js", "mouseflow", "session-replay");
        is(&c, "https://connect.facebook.net/en_US/fbevents.js", "meta-pixel", "marketing");
        is(&c, "https://www.facebook.com/tr?id=1&ev=PageView&noscript=1", "meta-pixel", "marketing");
        is(&c, "https://googleads.g.doubleclick.net/pagead/viewthroughconversion/1/", "google-ads", "marketing");
        is(&c, "https://stats.g.doubleclick.net/g/collect", "google-analytics", "analytics");
        is(&c, "https://snap.licdn.com/li.lms-analytics/insight.min.js", "linkedin-insight", "marketing");
        is(&c, "https://analytics.tiktok.com/i18n/pixel/events.js?sdkid=X&lib=ttq", "tiktok-pixel", "marketing");
        is(&c, "https://cdn.segment.com/analytics.js/v1/KEY/analytics.min.js", "segment", "analytics");
        is(&c, "https://cdn.mxpnl.com/libs/mixpanel-2-latest.min.js", "mixpanel", "analytics");
        is(&c, "https://cdn.amplitude.com/script/KEY.js", "amplitude", "analytics");
        is(&c, "https://cdn.us.heap-api.com/config/1/heap_config.js", "heap", "analytics");
        is(&c, "https://us-assets.i.posthog.com/static/array.js", "posthog", "analytics");
        is(&c, "https://cdn.matomo.cloud/shop.matomo.cloud/matomo.js", "matomo-cloud", "analytics");
        is(&c, "https://plausible.io/js/script.js", "plausible", "analytics");
    }

    #[test]
    fn ordinary_hosts_are_never_touched() {
        let c = Config::default();
        for url in [
            "https://cdn.jsdelivr.net/npm/jquery@3/dist/jquery.min.js", "https://www.google.com/recaptcha/api.js",
            "https://www.facebook.com/profile.php", "https://fonts.googleapis.com/css2", "https://www.youtube-nocookie.org/embed/x",
            "https://google-analytics.com.evil.test/analytics.js", "https://notgoogle-analytics.com/", "/analytics.js",
            "https://example.com/?next=https://www.google-analytics.com/collect", "data:text/javascript,1", "",
            "https://plausible.io/", "https://www.linkedin.com/in/someone",
        ] {
            assert_eq!(owner(&c, url), None, "{url}");
        }
    }

    #[test]
    fn sites_add_services_and_move_catalogued_ones() {
        let c = Config::from_json(
            r#"{"categories": {"necessary": {"required": true, "services": {"plausible": {}}},
                "analytics": {"services": {"hotjar": {}, "own": {"hosts": ["stats.example.com/t/"], "cookies": ["own_id"]}}},
                "marketing": {}}}"#,
        )
        .unwrap();
        is(&c, "https://static.hotjar.com/c/hotjar-1.js", "hotjar", "analytics");
        is(&c, "https://stats.example.com/t/collect", "own", "analytics");
        assert_eq!(owner(&c, "https://stats.example.com/other"), None);
        is(&c, "https://plausible.io/js/script.js", "plausible", "necessary");
        // No session-replay category here: LogRocket falls back to analytics.
        is(&c, "https://cdn.logrocket.io/LogRocket.min.js", "logrocket", "analytics");
        let hotjar = c.tracker_of("https://static.hotjar.com/x.js").unwrap();
        assert_eq!(hotjar.title, "Hotjar / Contentsquare", "a catalogued service listed without a title keeps the catalog's");
        let (cookies, _) = c.patterns(|t| t.category == Some(1));
        assert!(cookies.iter().any(|p| p.matches("_hjSessionUser_1")) && cookies.iter().any(|p| p.matches("own_id")));
        assert!(cookies.iter().any(|p| p.matches("_ga")), "catalogued analytics services' cookies");
        assert!(!cookies.iter().any(|p| p.matches("_fbp")), "marketing's are not analytics'");
    }

    #[test]
    fn a_missing_category_means_never_granted() {
        let c = Config::from_json(r#"{"categories": {"essential": {"required": true}, "stats": {}}}"#).unwrap();
        let t = c.tracker_of("https://connect.facebook.net/en_US/fbevents.js").unwrap();
        assert_eq!((t.category, t.category_name), (None, "marketing"));
        assert!(c.patterns(|t| t.category.is_some()).0.iter().all(|p| !p.matches("_fbp")), "no category, no clean-up by category");
    }

    #[test]
    fn the_catalog_alone_decides_before_the_config_is_known() {
        assert!(catalogued("https://static.hotjar.com/c/hotjar-1.js"));
        assert!(catalogued("https://www.facebook.com/tr?id=1"));
        assert!(!catalogued("https://www.facebook.com/profile.php"));
        assert!(catalogued("https://www.facebook.com/plugins/page.php"), "a social plugin");
        assert!(!catalogued("https://google-analytics.com.evil.test/analytics.js"));
        assert!(!catalogued("/analytics.js"));
    }

    #[test]
    fn tracker_hosts_are_each_rule_host_once() {
        let c = Config::from_json(r#"{"categories": {"analytics": {"services": {"own": {"hosts": ["Stats.Example.com/t/"]}}}}}"#).unwrap();
        let text = c.tracker_hosts();
        let hosts: Vec<&str> = text.split(' ').collect();
        assert_eq!(hosts[0], "stats.example.com", "the site's own first, lowercase");
        assert!(hosts.contains(&"googletagmanager.com") && hosts.contains(&"www.facebook.com"));
        assert!(hosts.iter().all(|h| !h.is_empty() && !h.contains(['/', '?', '*'])));
        let mut unique = hosts.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), hosts.len());
    }

    #[test]
    fn measurement_ids() {
        assert_eq!(measurement_id("https://www.googletagmanager.com/gtag/js?id=G-ABC123"), Some("G-ABC123"));
        assert_eq!(measurement_id("https://www.googletagmanager.com/gtag/js?id=UA-1-1"), Some("UA-1-1"));
        assert_eq!(measurement_id("https://www.googletagmanager.com/gtag/js?id=AW-1"), None);
        assert_eq!(measurement_id("https://www.googletagmanager.com/gtag/js?id=G-%27x"), None);
        assert_eq!(measurement_id("https://evil.test/gtag/js?id=G-1"), None);
    }
}
