//! The release queue: the held tags of a page view, kept in the order they arrived, and which one
//! the shell releases next. Also the two facts about tags it rests on: which tag is a held one,
//! and which script types run (and so fire `load` or `error`).
//!
//! Tags are whatever the shell keeps (`T`: a DOM element in the browser, a number in the tests);
//! the queue only orders them. The rules:
//! 1. A tag is released once every category it names is granted, or the service it names is
//!    ([`Consent::verdict`]); one that names a category the config lacks is never released (and
//!    its name is reported once). A tag can also be let out on its own ([`Queue::take`]: a
//!    placeholder's "Load once").
//! 2. Tags are released in the order they arrived: as the parser added them, or as interception
//!    found them; a tag held before the gate could decide keeps its place.
//! 3. While the document is still being parsed nothing is released (an inline script's text may
//!    still be arriving).
//! 4. After an external script that runs is released, nothing more is until it has loaded or
//!    failed, so an inline script that follows it sees it.
//! 5. Each tag is released once.

use crate::consent::{Consent, Verdict};

/// The held tags and the release queue.
#[derive(Debug)]
pub struct Queue<T> {
    /// Tags not granted yet, with their categories (space-separated) and service.
    held: Vec<(T, String, Option<String>)>,
    /// Tags to release, in order; the first `released` of them are done (the list is emptied
    /// once all are).
    ready: Vec<T>,
    released: usize,
    /// A released external script has not loaded (or failed) yet.
    waiting: bool,
    /// The document is still being parsed.
    parsing: bool,
    /// Unknown category names already reported.
    unknown: Vec<String>,
}

impl<T> Queue<T> {
    /// The queue of a document whose parsing is (`true`) or is not yet finished.
    pub fn new(parsing: bool) -> Queue<T> {
        Queue { held: Vec::new(), ready: Vec::new(), released: 0, waiting: false, parsing, unknown: Vec::new() }
    }

    /// Takes a newly seen tag that names `categories` (its `data-category`) and `service` (its
    /// `data-service`): queues it if they are granted, else keeps it held. A tag naming a
    /// category the config lacks is dropped; the first time that name is seen it is returned,
    /// for the shell to report.
    pub fn admit(&mut self, tag: T, categories: &str, service: Option<&str>, consent: &Consent) -> Option<String> {
        match consent.verdict(categories, service) {
            Verdict::Release => self.ready.push(tag),
            Verdict::Hold => self.held.push((tag, categories.to_string(), service.map(String::from))),
            Verdict::Unknown(name) => {
                if !self.unknown.iter().any(|n| n == name) {
                    self.unknown.push(name.to_string());
                    return Some(name.to_string());
                }
            }
        }
        None
    }

    /// Takes a tag that interception held before the gate could decide, now decided: `category`
    /// is the one it is held under (`None`: it needs no consent, and is queued at once), and
    /// `service` the service its URL belongs to.
    pub fn adopt(&mut self, tag: T, category: Option<&str>, service: Option<&str>, consent: &Consent) -> Option<String> {
        match category {
            Some(category) => self.admit(tag, category, service, consent),
            None => {
                self.ready.push(tag);
                None
            }
        }
    }

    /// The granted categories changed: held tags whose categories are now all granted are
    /// queued, in the order they arrived.
    pub fn regrant(&mut self, consent: &Consent) {
        let mut still = Vec::new();
        for (tag, categories, service) in std::mem::take(&mut self.held) {
            if consent.verdict(&categories, service.as_deref()) == Verdict::Release {
                self.ready.push(tag);
            } else {
                still.push((tag, categories, service));
            }
        }
        self.held = still;
    }

    /// Lets the held `tag` out now, whatever is granted (the visitor asked for this one):
    /// it is queued, and no longer held. Returns whether it was held.
    pub fn take(&mut self, tag: &T) -> bool
    where
        T: PartialEq,
    {
        let Some(at) = self.held.iter().position(|(held, _, _)| held == tag) else { return false };
        let (tag, _, _) = self.held.remove(at);
        self.ready.push(tag);
        true
    }

    /// The held tags, with their categories and service, in the order they arrived.
    pub fn held(&self) -> impl Iterator<Item = (&T, &str, Option<&str>)> {
        self.held.iter().map(|(tag, categories, service)| (tag, categories.as_str(), service.as_deref()))
    }

    /// Parsing has finished: releases may start.
    pub fn parsed(&mut self) {
        self.parsing = false;
    }

    /// The released external script has loaded or failed.
    pub fn settled(&mut self) {
        self.waiting = false;
    }

    /// A released external script is loading: the next release waits for [`Queue::settled`].
    pub fn wait(&mut self) {
        self.waiting = true;
    }

    /// The next tag to release now, if any (each once).
    pub fn next_release(&mut self) -> Option<T>
    where
        T: Clone,
    {
        if self.parsing || self.waiting {
            return None;
        }
        let tag = self.ready.get(self.released)?.clone();
        self.released += 1;
        if self.released == self.ready.len() {
            self.ready.clear();
            self.released = 0;
        }
        Some(tag)
    }
}

/// What the shell reads off an element to tell whether it is a held tag.
#[derive(Clone, Copy, Debug, Default)]
pub struct Tag<'a> {
    /// It is a `<script>`.
    pub script: bool,
    /// It has `data-category` (the site marked it, or the gate decided its category).
    pub marked: bool,
    /// It has `data-cg-held` (interception held it).
    pub intercepted: bool,
    /// Its `type` attribute, if any.
    pub kind: Option<&'a str>,
    /// It has a `data-src` or `data-srcset` still to apply.
    pub pending_url: bool,
}

impl Tag<'_> {
    /// Whether it is a tag the gate holds: marked or held by interception, and inert: a script
    /// of type `text/plain`, or another element with a URL still to apply.
    pub fn is_held(&self) -> bool {
        (self.marked || self.intercepted)
            && if self.script { self.kind.is_some_and(|t| t.trim_ascii().eq_ignore_ascii_case("text/plain")) } else { self.pending_url }
    }
}

/// Whether a script of type `kind` (`None`: no `type` attribute) runs, and so fires `load` or
/// `error`: no type, an empty one, `module`, or a JavaScript MIME type.
pub fn runs(kind: Option<&str>) -> bool {
    kind.is_none_or(|t| {
        let t = t.trim_ascii();
        t.is_empty() || t.eq_ignore_ascii_case("module") || mentions(t, "javascript") || mentions(t, "ecmascript")
    })
}

/// Whether `text` contains `word` (not empty, lowercase) in any case: a plain scan, smaller in
/// the module than lowercasing a copy and `str::contains`'s substring search.
fn mentions(text: &str, word: &str) -> bool {
    text.as_bytes().windows(word.len()).any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::{Choice, Signals};
    use crate::record::Source;
    use crate::{CategorySet, Config};

    // Default categories: 0 necessary, 1 performance, 2 analytics, 3 session-replay, 4 marketing.
    fn consent() -> Consent {
        Consent::new(Config::default(), None, Signals::default(), 1_763_900_000).0
    }

    fn grant(consent: &mut Consent, indices: &[usize]) {
        let set = indices.iter().fold(CategorySet::empty(), |s, &i| s.with(i));
        consent.choose(Choice::Only(set, Vec::new(), Source::Api), 1_763_900_000, "00".into());
    }

    /// Everything the queue lets out now, as the shell takes it: odd tags stand for external
    /// scripts that run, after which the shell waits for them to settle.
    fn drain(queue: &mut Queue<u32>) -> Vec<u32> {
        let mut out = Vec::new();
        while let Some(tag) = queue.next_release() {
            out.push(tag);
            if tag % 2 == 1 {
                queue.wait();
                break;
            }
        }
        out
    }

    #[test]
    fn releases_in_arrival_order_once_granted_each_once() {
        let mut c = consent();
        let mut q = Queue::new(false);
        q.admit(2, "analytics", None, &c);
        q.admit(4, "necessary", None, &c);
        q.admit(6, "marketing", None, &c);
        q.admit(8, "analytics marketing", None, &c);
        assert_eq!(drain(&mut q), [4], "only the required category's tag");
        grant(&mut c, &[2]);
        q.regrant(&c);
        assert_eq!(drain(&mut q), [2]);
        grant(&mut c, &[2, 4]);
        q.regrant(&c);
        assert_eq!(drain(&mut q), [6, 8], "in the order they arrived, a tag naming two once both are granted");
        q.regrant(&c);
        assert_eq!(drain(&mut q), [] as [u32; 0], "each once");
    }

    #[test]
    fn an_external_script_is_awaited_before_the_next_tag() {
        let mut q = Queue::new(false);
        let c = consent();
        for tag in [2, 3, 4, 5, 6] {
            q.admit(tag, "necessary", None, &c);
        }
        assert_eq!(drain(&mut q), [2, 3], "3 is an external script: wait");
        assert_eq!(drain(&mut q), [] as [u32; 0], "still loading");
        q.settled();
        assert_eq!(drain(&mut q), [4, 5]);
        q.settled();
        assert_eq!(drain(&mut q), [6]);
    }

    #[test]
    fn nothing_is_released_while_the_document_is_parsed() {
        let c = consent();
        let mut q = Queue::new(true);
        q.admit(2, "necessary", None, &c);
        q.admit(4, "necessary", None, &c);
        assert_eq!(drain(&mut q), [] as [u32; 0]);
        q.parsed();
        assert_eq!(drain(&mut q), [2, 4]);
    }

    #[test]
    fn adopted_tags_keep_their_place() {
        let c = consent();
        let mut q = Queue::new(false);
        q.admit(2, "necessary", None, &c);
        q.adopt(4, None, None, &c);
        q.adopt(6, Some("marketing"), None, &c);
        q.adopt(8, Some("necessary"), None, &c);
        assert_eq!(drain(&mut q), [2, 4, 8], "held before the gate decided: released in its place, unless its category is denied");
    }

    #[test]
    fn an_unknown_category_is_reported_once_and_never_released() {
        let mut c = consent();
        let mut q = Queue::new(false);
        assert_eq!(q.admit(2, "stats", None, &c), Some("stats".into()));
        assert_eq!(q.admit(4, "analytics stats", None, &c), None, "reported once");
        assert_eq!(q.admit(6, "", None, &c), Some("".into()), "no category at all");
        grant(&mut c, &[1, 2, 3, 4]);
        q.regrant(&c);
        assert_eq!(drain(&mut q), [] as [u32; 0]);
    }

    #[test]
    fn held_tags() {
        let script = |kind| Tag { script: true, marked: true, kind, ..Tag::default() };
        assert!(script(Some("text/plain")).is_held());
        assert!(script(Some(" Text/Plain ")).is_held());
        assert!(!script(None).is_held(), "a script that runs is not held");
        assert!(!script(Some("module")).is_held());
        assert!(!Tag { marked: false, ..script(Some("text/plain")) }.is_held(), "unmarked");
        assert!(Tag { intercepted: true, marked: false, ..script(Some("text/plain")) }.is_held());
        let frame = Tag { marked: true, pending_url: true, ..Tag::default() };
        assert!(frame.is_held());
        assert!(!Tag { pending_url: false, ..frame }.is_held(), "its URL is applied: released");
    }

    #[test]
    fn script_types_that_run() {
        for kind in [None, Some(""), Some("  "), Some("module"), Some("MODULE"), Some("text/javascript"), Some("application/ECMAScript"), Some(" text/javascript ")] {
            assert!(runs(kind), "{kind:?}");
        }
        for kind in [Some("text/plain"), Some("application/json"), Some("importmap"), Some("speculationrules"), Some("text/x-template")] {
            assert!(!runs(kind), "{kind:?}");
        }
    }

    proptest::proptest! {
        /// Whatever the order of arrivals, grants and settles, every tag whose categories end up
        /// granted is released exactly once, and in arrival order.
        #[test]
        fn exactly_once_in_order(categories in proptest::collection::vec(0usize..5, 0..40), grants in proptest::collection::vec(0usize..5, 0..6)) {
            let names = ["necessary", "performance", "analytics", "session-replay", "marketing"];
            let mut c = consent();
            let mut q = Queue::new(false);
            let mut out = Vec::new();
            for (tag, &category) in categories.iter().enumerate() {
                q.admit(tag as u32, names[category], None, &c);
                out.extend(drain(&mut q));
                q.settled();
            }
            let mut granted = vec![0];
            for &g in &grants {
                granted.push(g);
                grant(&mut c, &granted);
                q.regrant(&c);
                loop {
                    let more = drain(&mut q);
                    q.settled();
                    if more.is_empty() { break; }
                    out.extend(more);
                }
            }
            let expected: Vec<u32> = categories.iter().enumerate().filter(|(_, &k)| granted.contains(&k)).map(|(t, _)| t as u32).collect();
            let mut sorted = out.clone();
            sorted.sort();
            proptest::prop_assert_eq!(&sorted, &expected, "each granted tag once");
            // Released in arrival order within each release wave: a tag never overtakes an earlier
            // one that was granted in the same wave or before.
            let first = |t: u32| match categories[t as usize] {
                0 => 0,
                k => grants.iter().position(|&g| g == k).map_or(usize::MAX, |p| p + 1),
            };
            for pair in out.windows(2) {
                proptest::prop_assert!(first(pair[0]) < first(pair[1]) || (first(pair[0]) == first(pair[1]) && pair[0] < pair[1]), "{:?}", out);
            }
        }
    }
}
