//! What the placeholder of a held embed (an `<iframe>` waiting for consent) says and offers:
//! the service's name and its category, the text (the site's for that service, or the built-in
//! one), the "Always allow" label, the service's privacy policy, and whether a site's thumbnail
//! (`data-placeholder-image`) may be shown. The browser layer builds the element
//! (`src/placeholder.rs`); this module decides its content.

use crate::texts::{fill, Text};
use crate::Config;

/// The content of one placeholder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Content<'c> {
    /// Its heading: the service's title, or where no service is known the frame's host.
    pub title: &'c str,
    /// The body text, filled in.
    pub text: String,
    /// The second button's label: "Always allow" and the service (or the category).
    pub allow: String,
    /// The service's privacy policy, if known.
    pub privacy: Option<&'c str>,
}

impl Config {
    /// The placeholder of a held frame of the service called `service` (the config's or the
    /// catalog's; `None` or unknown: none), held under the category at `category`, loading a
    /// URL on `host`. A frame of a known service offers that service; any other its category.
    pub fn placeholder<'c>(&'c self, service: Option<&str>, category: usize, host: &'c str) -> Content<'c> {
        let category_title = self.category_texts(category).0;
        let tracker = service.and_then(|name| self.tracker(name));
        let (title, custom, privacy) = match &tracker {
            Some(t) => (
                t.title,
                t.site.and_then(|s| s.placeholder.as_deref()),
                t.site.and_then(|s| s.privacy_policy_url.as_deref()).or(t.entry.map(|e| e.privacy)),
            ),
            None => (host, None, None),
        };
        let granted = if tracker.is_some() { title } else { category_title };
        Content {
            title,
            text: fill(custom.unwrap_or(self.text(Text::Placeholder)), title, category_title),
            allow: fill(self.text(Text::AlwaysAllow), granted, category_title),
            privacy,
        }
    }
}

/// Whether a site's placeholder image at `url` (absolute, as the browser resolved it) may be
/// shown on a page of `origin` (`https://shop.example`): an `https:` URL, or one of the page's
/// own origin. Anything else (`http:` elsewhere, `data:`, `javascript:`) is not.
pub fn image_allowed(url: &str, origin: &str) -> bool {
    let own = url.len() > origin.len() && url.starts_with(origin) && url.as_bytes()[origin.len()] == b'/';
    url.get(..8).is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://")) || (own && origin != "null")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_catalogued_embed_names_its_service_category_and_policy() {
        let c = Config::default();
        let marketing = c.category_index("marketing").unwrap();
        let p = c.placeholder(Some("youtube"), marketing, "www.youtube.com");
        assert_eq!(p.title, "YouTube");
        assert_eq!(p.allow, "Always allow YouTube");
        assert!(p.text.contains("YouTube (Marketing)"), "{}", p.text);
        assert_eq!(p.privacy, Some("https://policies.google.com/privacy"));
    }

    #[test]
    fn a_frame_without_a_known_service_offers_its_category() {
        let c = Config::default();
        let marketing = c.category_index("marketing").unwrap();
        for service in [None, Some("not-a-service")] {
            let p = c.placeholder(service, marketing, "maps.example.net");
            assert_eq!((p.title, p.allow.as_str(), p.privacy), ("maps.example.net", "Always allow Marketing", None));
            assert!(p.text.contains("maps.example.net (Marketing)"));
        }
    }

    #[test]
    fn the_site_replaces_the_text_and_the_policy_per_service() {
        let c = Config::from_json(
            r#"{"categories": {"marketing": {"services": {"youtube": {"placeholder": "Watch {service} here", "privacy_policy_url": "/privacy#youtube"}}}}}"#,
        )
        .unwrap();
        let p = c.placeholder(Some("youtube"), c.category_index("marketing").unwrap(), "www.youtube.com");
        assert_eq!((p.text.as_str(), p.privacy), ("Watch YouTube here", Some("/privacy#youtube")));
    }

    #[test]
    fn images_come_from_the_site_or_https() {
        let origin = "http://shop.example";
        for url in ["https://cdn.example/a.jpg", "HTTPS://cdn.example/a.jpg", "http://shop.example/thumbs/a.jpg"] {
            assert!(image_allowed(url, origin), "{url}");
        }
        for url in ["http://cdn.example/a.jpg", "http://shop.example.evil/a.jpg", "http://shop.example", "data:image/png;base64,AAAA", "javascript:alert(1)", "", "https:"] {
            assert!(!image_allowed(url, origin), "{url}");
        }
        assert!(!image_allowed("null/x", "null"), "an opaque origin has no own URLs");
    }
}
