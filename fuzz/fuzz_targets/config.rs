//! The config reader, from JSON text through the same model the wasm uses: it never panics, and
//! a config it accepts drives the policy without panicking either.
#![no_main]

use consent_gate_core::consent::{Choice, Consent, Signals};
use consent_gate_core::Config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(mut config) = Config::from_json(text) else { return };
    config.resolve_language(&["de-AT".to_string()]);
    let names: Vec<String> = config.categories.iter().map(|c| c.name.clone()).collect();
    let (mut consent, _) = Consent::new(config, None, Signals { gpc: true, ..Signals::default() }, 1_700_000_000);
    let effects = consent.choose(Choice::AcceptAll, 1_700_000_000, "0123456789abcdef".into());
    let stored = effects.store.unwrap_or_default();
    let again = consent.refresh(Some(&stored), false, 1_700_000_001);
    assert!(again.withdrawn.is_empty() && again.withdrawn_services.is_empty());
    for name in &names {
        let _ = consent.verdict(name, Some(name));
    }
});
