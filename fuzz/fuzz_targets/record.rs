//! The consent record parser, fed whatever a cookie could hold: it never panics, and whatever
//! it accepts encodes back to a record that decodes to the same value.
#![no_main]

use consent_gate_core::ConsentRecord;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(record) = ConsentRecord::decode(text) {
        assert_eq!(ConsentRecord::decode(&record.encode()), Ok(record));
    }
});
