//! Google Consent Mode v2: which of Google's consent types each category grants, and the state
//! of every type for a set of granted categories.
//!
//! A type is granted when every category it is mapped to is granted (an empty list: never).
//! `security_storage` is always granted. The defaults map advertising to `marketing`,
//! measurement to `analytics`, and site functionality to `necessary`; a config can remap any
//! type, or turn Consent Mode off.

use crate::config::Config;
use crate::CategorySet;

/// The consent types a config can map, in the order Google documents them.
pub const TYPES: [&str; 6] =
    ["ad_storage", "ad_user_data", "ad_personalization", "analytics_storage", "functionality_storage", "personalization_storage"];

/// The type that is always granted.
pub const ALWAYS: &str = "security_storage";

/// The category names each of [`TYPES`] needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Mapping(pub [Vec<String>; 6]);

impl Default for Mapping {
    fn default() -> Self {
        let one = |name: &str| vec![String::from(name)];
        Mapping([one("marketing"), one("marketing"), one("marketing"), one("analytics"), one("necessary"), one("marketing")])
    }
}

impl Mapping {
    /// The state of every consent type (and `security_storage`) for `granted`: `true` = granted.
    /// Names the config does not define count as not granted.
    pub fn states(&self, config: &Config, granted: CategorySet) -> [(&'static str, bool); 7] {
        let mut out = [(ALWAYS, true); 7];
        for (slot, (kind, names)) in out.iter_mut().zip(TYPES.iter().zip(&self.0)) {
            let on = !names.is_empty() && names.iter().all(|n| config.category_index(n).is_some_and(|i| granted.contains(i)));
            *slot = (kind, on);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_categories() {
        let c = Config::default();
        let m = c.consent_mode.clone().unwrap();
        let state = |set: CategorySet| m.states(&c, set).into_iter().filter(|(_, on)| *on).map(|(k, _)| k).collect::<Vec<_>>();
        assert_eq!(state(c.required()), ["functionality_storage", "security_storage"]);
        let analytics = c.required().with(c.category_index("analytics").unwrap());
        assert_eq!(state(analytics), ["analytics_storage", "functionality_storage", "security_storage"]);
        assert_eq!(state(c.all()).len(), 7);
    }

    #[test]
    fn configs_remap_or_turn_it_off() {
        let c = Config::from_json(r#"{"consent_mode": {"analytics_storage": ["analytics", "performance"], "ad_storage": []}}"#).unwrap();
        let m = c.consent_mode.clone().unwrap();
        let analytics = c.required().with(c.category_index("analytics").unwrap());
        let on = |set| m.states(&c, set).into_iter().filter(|(_, on)| *on).map(|(k, _)| k).collect::<Vec<_>>();
        assert!(!on(analytics).contains(&"analytics_storage"), "needs both");
        assert!(on(analytics.with(c.category_index("performance").unwrap())).contains(&"analytics_storage"));
        assert!(!on(c.all()).contains(&"ad_storage"), "an empty list is never granted");
        assert!(on(c.all()).contains(&"ad_user_data"), "unlisted types keep their default");
        assert_eq!(Config::from_json(r#"{"consent_mode": false}"#).unwrap().consent_mode, None);
        for bad in [r#"{"consent_mode": {"security_storage": []}}"#, r#"{"consent_mode": {"ad_storage": ["nope"]}}"#, r#"{"consent_mode": true}"#] {
            assert!(Config::from_json(bad).is_err(), "{bad}");
        }
    }
}
