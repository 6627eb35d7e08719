//! Compiles data into the core, into `$OUT_DIR`:
//! - the tracker catalog (catalog/services.toml) as `catalog.rs`, included by src/catalog.rs. A
//!   catalog that does not read or fails its checks stops the build with the entry and the reason;
//! - tzdata's zones with their main country (`zone1970.tab`, Debian's tzdata package) as
//!   `zones.txt`, one `Area/City CC` per line, for src/region.rs.
fn main() {
    println!("cargo:rerun-if-changed=../catalog/services.toml");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let catalog = consent_gate_catalog::load().unwrap_or_else(|e| panic!("catalog/services.toml: {e}"));
    let file = out.join("catalog.rs");
    std::fs::write(&file, catalog.rust_source()).unwrap_or_else(|e| panic!("{}: {e}", file.display()));

    let tab = std::env::var("TZ_ZONE1970").unwrap_or_else(|_| "/usr/share/zoneinfo/zone1970.tab".into());
    println!("cargo:rerun-if-env-changed=TZ_ZONE1970");
    println!("cargo:rerun-if-changed={tab}");
    let text = std::fs::read_to_string(&tab).unwrap_or_else(|e| panic!("{tab}: {e} (install Debian's tzdata, or set TZ_ZONE1970)"));
    let mut zones = String::new();
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let mut columns = line.split('\t');
        let (Some(countries), Some(_), Some(zone)) = (columns.next(), columns.next(), columns.next()) else {
            panic!("{tab}: unexpected line {line:?}");
        };
        let country = countries.split(',').next().unwrap_or_default();
        zones.push_str(zone);
        zones.push(' ');
        zones.push_str(country);
        zones.push('\n');
    }
    let file = out.join("zones.txt");
    std::fs::write(&file, zones).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
}
