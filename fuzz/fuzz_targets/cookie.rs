//! Cookie text: `document.cookie` parsing and the parent domains of a host never panic, and a
//! host never yields an empty or dot-less domain.
#![no_main]

use consent_gate_core::cookie;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for (name, value) in cookie::pairs(text) {
        assert!(!name.contains(';') && !value.contains(';'));
    }
    for domain in cookie::domain_candidates(text) {
        assert!(!domain.is_empty() && domain.contains('.'));
    }
    let _ = cookie::NamePattern::parse(text).map(|p| p.matches(text));
});
