//! The tracker catalog: known analytics, session-replay and advertising services, with the hosts
//! their scripts, pixels and beacons use, the first-party cookies and storage keys they set, and
//! the category they belong to by default.
//!
//! Sources: `shared/research/trackers.json` (vendor documentation, CSP host lists, observed
//! traffic). Hosts are listed whole (`*.` = the host and its subdomains) where the vendor owns
//! the domain, and with a path where the host is shared (`www.facebook.com/tr`). Only cookies the
//! vendor's script sets on the site's own domain are listed: cookies on the vendor's domain are
//! out of a page's reach, and generic names (`AWSELB`, `sb`) could be the site's own.
//!
//! Order matters: the first service whose host rule matches a URL is the one it belongs to, so
//! specific rules (Universal Analytics' paths, `gtag/js?id=G-`) come before broad ones
//! (`*.google-analytics.com`, all of `*.googletagmanager.com`).

/// A catalogued service. Its lists are space-separated (read with `split_ascii_whitespace`):
/// one string each, where slices of strings would ship a pointer and a length per item.
#[derive(Debug)]
pub struct Entry {
    /// The name a config uses to move it (`categories.analytics.services.hotjar`).
    pub id: &'static str,
    /// Shown in the audit and, if the site lists it, in the preferences.
    pub title: &'static str,
    /// The category it belongs to unless the config moves it.
    pub category: &'static str,
    /// Host rules (see [`crate::url::Rule`]) of its scripts, frames, pixels and beacons.
    pub hosts: &'static str,
    /// Cookie name patterns (`^` = prefix).
    pub cookies: &'static str,
    /// localStorage / sessionStorage key patterns.
    pub storage: &'static str,
}

/// The category that a catalogued session-replay service falls back to when the config has no
/// `session-replay` category.
pub const FALLBACK: (&str, &str) = ("session-replay", "analytics");

/// Every catalogued service, most specific first.
pub static CATALOG: &[Entry] = &[
    Entry {
        id: "universal-analytics",
        title: "Google Universal Analytics",
        category: "analytics",
        hosts: "www.google-analytics.com/analytics.js www.google-analytics.com/analytics_debug.js \
                www.google-analytics.com/plugins/ www.google-analytics.com/ga.js ssl.google-analytics.com \
                www.google-analytics.com/collect www.google-analytics.com/j/ www.google-analytics.com/r/ \
                stats.g.doubleclick.net/r/",
        cookies: "_gid ^_gat ^__utm ^_dc_gtm_ AMP_TOKEN ^_gac_",
        storage: "",
    },
    Entry {
        id: "google-analytics",
        title: "Google Analytics",
        category: "analytics",
        hosts: "www.googletagmanager.com/gtag/js?id=G- www.googletagmanager.com/gtag/destination?id=G- \
                *.google-analytics.com *.analytics.google.com stats.g.doubleclick.net",
        cookies: "_ga ^_ga_",
        storage: "",
    },
    Entry {
        id: "google-ads",
        title: "Google Ads",
        category: "marketing",
        hosts: "www.googletagmanager.com/gtag/js?id=AW- www.googletagmanager.com/gtag/js?id=DC- \
                *.googleadservices.com *.doubleclick.net *.googlesyndication.com www.google.com/pagead/ \
                www.google.com/ccm/ www.google.com/rmkt/",
        cookies: "^_gcl_",
        storage: "",
    },
    Entry {
        // A loader: what it loads is unknown, so it is marketing unless the site moves it.
        id: "google-tag-manager",
        title: "Google Tag Manager",
        category: "marketing",
        hosts: "*.googletagmanager.com",
        cookies: "",
        storage: "",
    },
    Entry {
        id: "logrocket",
        title: "LogRocket",
        category: "session-replay",
        hosts: "*.logrocket.io *.logrocket.com *.lr-ingest.io *.lr-in.com *.lr-in-prod.com *.lr-ingest.com \
                *.ingest-lr.com *.lr-intake.com *.intake-lr.com *.logr-ingest.com *.logr-in.com \
                *.lrkt-in.com *.lgrckt-in.com",
        cookies: "^_lr_",
        storage: "^_lr_",
    },
    Entry {
        id: "hotjar",
        title: "Hotjar",
        category: "session-replay",
        hosts: "*.hotjar.com *.hotjar.io *.hj.contentsquare.net",
        cookies: "^_hj",
        storage: "^_hj",
    },
    Entry {
        id: "fullstory",
        title: "FullStory",
        category: "session-replay",
        hosts: "*.fullstory.com",
        cookies: "fs_uid fs_lua fs_ses",
        storage: "^_fs_",
    },
    Entry {
        id: "clarity",
        title: "Microsoft Clarity",
        category: "session-replay",
        hosts: "*.clarity.ms c.bing.com/c.gif",
        cookies: "_clck _clsk",
        storage: "",
    },
    Entry {
        id: "smartlook",
        title: "Smartlook",
        category: "session-replay",
        hosts: "*.smartlook.com *.smartlook.cloud",
        cookies: "^SL_C_",
        storage: "^SL_L_ SMARTLOOK_LS_QUEUED_CHUNKS",
    },
    Entry {
        id: "mouseflow",
        title: "Mouseflow",
        category: "session-replay",
        hosts: "*.mouseflow.com",
        cookies: "mf_user ^mf_",
        storage: "",
    },
    Entry {
        id: "meta-pixel",
        title: "Meta Pixel",
        category: "marketing",
        hosts: "connect.facebook.net www.facebook.com/tr",
        cookies: "_fbp _fbc",
        storage: "",
    },
    Entry {
        id: "linkedin-insight",
        title: "LinkedIn Insight Tag",
        category: "marketing",
        hosts: "snap.licdn.com px.ads.linkedin.com dc.ads.linkedin.com www.linkedin.com/px/",
        cookies: "li_fat_id",
        storage: "",
    },
    Entry {
        id: "tiktok-pixel",
        title: "TikTok Pixel",
        category: "marketing",
        hosts: "analytics.tiktok.com analytics-sg.tiktok.com analytics.us.tiktok.com *.tiktokw.us",
        cookies: "_ttp _tt_enable_cookie ^ttcsid",
        storage: "tt_appInfo tt_sessionId tt_pixel_session_index",
    },
    Entry {
        id: "segment",
        title: "Segment",
        category: "analytics",
        hosts: "cdn.segment.com cdn.segment.io api.segment.io *.segmentapis.com",
        cookies: "^ajs_",
        storage: "^ajs_",
    },
    Entry {
        id: "mixpanel",
        title: "Mixpanel",
        category: "analytics",
        hosts: "*.mxpnl.com *.mixpanel.com",
        cookies: "^mp_ ^__mp_opt_in_out_",
        storage: "^mp_ ^__mp_opt_in_out_",
    },
    Entry {
        id: "amplitude",
        title: "Amplitude",
        category: "analytics",
        hosts: "*.amplitude.com d24n15hnbwhuhn.cloudfront.net",
        cookies: "^AMP_ ^amp_",
        storage: "^AMP_",
    },
    Entry {
        id: "heap",
        title: "Heap",
        category: "analytics",
        hosts: "*.heapanalytics.com *.heap-api.com",
        cookies: "^_hp2_ ^_hp5_",
        storage: "",
    },
    Entry {
        id: "posthog",
        title: "PostHog",
        category: "analytics",
        hosts: "*.i.posthog.com app.posthog.com",
        cookies: "^ph_ ^__ph_opt_in_out_",
        storage: "^ph_ ^__ph_opt_in_out_",
    },
    Entry {
        id: "matomo-cloud",
        title: "Matomo Cloud",
        category: "analytics",
        hosts: "*.matomo.cloud",
        cookies: "^_pk_",
        storage: "",
    },
    Entry {
        // Cookieless, but it still sends each visit to a third party; a site that considers
        // it exempt moves it to its necessary category.
        id: "plausible",
        title: "Plausible Analytics",
        category: "analytics",
        hosts: "plausible.io/js/ plausible.io/api/",
        cookies: "",
        storage: "",
    },
];

/// The catalogued service called `id`.
pub fn entry(id: &str) -> Option<&'static Entry> {
    CATALOG.iter().find(|e| e.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cookie::NamePattern;
    use crate::url::Rule;

    #[test]
    fn every_rule_and_pattern_is_valid_and_ids_are_unique() {
        for (i, e) in CATALOG.iter().enumerate() {
            assert!(CATALOG[..i].iter().all(|earlier| earlier.id != e.id), "{} repeats", e.id);
            assert!(["analytics", "session-replay", "marketing"].contains(&e.category), "{}", e.id);
            assert!(!e.hosts.is_empty(), "{}", e.id);
            for rule in e.hosts.split_ascii_whitespace() {
                assert!(Rule::parse(rule).is_some(), "{}: {rule}", e.id);
            }
            for pattern in e.cookies.split_ascii_whitespace().chain(e.storage.split_ascii_whitespace()) {
                assert!(NamePattern::parse(pattern).is_some(), "{}: {pattern}", e.id);
            }
        }
        assert!(CATALOG.len() >= 19);
    }
}
