//! The core's conformance cases (consent_gate_core::conformance), compiled to wasm and run in the
//! browsers: the config reader and the record codec must answer there exactly as in the core's
//! host tests. Run by scripts/test.sh, in Chromium and in Firefox ESR.
#![cfg(target_arch = "wasm32")]

use consent_gate_core::conformance;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn the_config_reader_answers_as_on_the_host() {
    conformance::check_config();
}

#[wasm_bindgen_test]
fn the_record_codec_answers_as_on_the_host() {
    conformance::check_record();
}
