//! Compiles the tracker catalog (catalog/services.toml) into the core: `$OUT_DIR/catalog.rs`,
//! included by src/catalog.rs. A catalog that does not read or fails its checks stops the build
//! with the entry and the reason.
fn main() {
    println!("cargo:rerun-if-changed=../catalog/services.toml");
    let catalog = consent_gate_catalog::load().unwrap_or_else(|e| panic!("catalog/services.toml: {e}"));
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("catalog.rs");
    std::fs::write(&out, catalog.rust_source()).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}
