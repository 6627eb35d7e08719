//! `consent-gate-tool`: what the build and the tests need from the core, on the host.
//!
//! - `stub-table`: the catalog's host rules as the stub applies them before the module has
//!   started (see `consent_gate_core::holding`), as JSON: `[[host, [[subdomains, path, key,
//!   prefix], …]], …]`, hosts lowercase, each once; `subdomains` is 0 or 1, and `key` and `prefix`
//!   (the query condition) are left out where a rule has none. `scripts/bundle.mjs` puts it in
//!   the stub.
//! - `vectors [CONFIG]`: URLs made from the host rules of the catalog (and of the config's own
//!   services), on and around each (subdomains, look-alike hosts, path and query boundaries,
//!   case, ports, user info, other schemes), as a JSON array.
//! - `prestart`: for each URL on standard input (one a line, absolute), the core's pre-start
//!   action for an element and for a request (`hold drop`, `pass pass`), one a line.
//! - `started CONFIG`: the same, once the gate has started with the config (JSON text) and no
//!   choice has been made.
//! - `tracker-hosts CONFIG`: the hosts the module gives interception for the config.
//! - `catalog`: catalog/services.toml as JSON, each service with its own rules in the stub
//!   table's form (`table`), for the tests driven by the catalog (tests/e2e/catalog.test.mjs).
//! - `zones`: the time-zone table (tzdata's zones with their main country, one `Area/City CC`
//!   a line) that the build writes beside the module as `zones.txt` (see
//!   `consent_gate_core::region`).
//! - `readme FILE`: rewrites the catalog's table in FILE (README.md) between the
//!   `<!-- catalog:start -->` and `<!-- catalog:end -->` lines; `readme --check FILE` fails if
//!   it is not the catalog's.
//!
//! The stub's test (`tests/node/prestart.test.mjs`) feeds the vectors to the stub's own functions
//! and to these answers, and fails on any difference.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use consent_gate_core::catalog::CATALOG;
use consent_gate_core::consent::{Consent, Signals};
use consent_gate_core::holding::{before_start, Action, Carrier};
use consent_gate_core::url::Rule;
use consent_gate_core::Config;
use serde_json::{json, Value};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let takes_config = matches!(args.first().map(String::as_str), Some("vectors" | "started" | "tracker-hosts"));
    let config = match args.get(1).filter(|_| takes_config).map(|text| Config::from_json(text)) {
        None => Config::default(),
        Some(Ok(config)) => config,
        Some(Err(e)) => {
            eprintln!("consent-gate-tool: invalid config: {}", e.message());
            return ExitCode::from(2);
        }
    };
    let out = match args.first().map(String::as_str).unwrap_or_default() {
        "stub-table" => stub_table().to_string(),
        "vectors" => Value::from(vectors(&config)).to_string(),
        "prestart" => answers(before_start),
        "started" => {
            let consent = Consent::new(config, None, Signals::default(), 0).0;
            answers(|url, carrier| consent.url_verdict(url, carrier))
        }
        "tracker-hosts" => config.tracker_hosts(),
        "catalog" => catalog_json().to_string(),
        "zones" => consent_gate_core::region::ZONES.trim_end().to_string(),
        "readme" => return readme(&args[1..]),
        _ => {
            eprintln!("usage: consent-gate-tool stub-table | vectors [CONFIG] | prestart < urls | started CONFIG < urls | tracker-hosts CONFIG | catalog | zones | readme [--check] FILE");
            return ExitCode::from(2);
        }
    };
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{out}").is_err() {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// Host rules, parsed (the catalog's own test proves they all parse).
fn parsed<'a>(rules: impl Iterator<Item = &'a str>) -> Vec<Rule<'a>> {
    rules.map(|text| Rule::parse(text).unwrap_or_else(|| panic!("the catalog's rule {text} does not parse"))).collect()
}

/// Every host rule of the catalog.
fn catalog_rules() -> Vec<Rule<'static>> {
    parsed(CATALOG.iter().flat_map(|entry| entry.hosts.split_ascii_whitespace()))
}

/// `rules` as the stub's table.
fn table(rules: Vec<Rule>) -> Value {
    let mut table: Vec<(String, Vec<Value>)> = Vec::new();
    for rule in rules {
        let (host, subdomains, path, param) = rule.parts();
        let mut item = vec![json!(u8::from(subdomains)), json!(path)];
        if let Some((key, prefix)) = param {
            item.extend([json!(key), json!(prefix)]);
        }
        let host = host.to_ascii_lowercase();
        match table.iter_mut().find(|(known, _)| *known == host) {
            Some((_, items)) => items.push(Value::from(item)),
            None => table.push((host, vec![Value::from(item)])),
        }
    }
    Value::from(table.into_iter().map(|(host, items)| json!([host, items])).collect::<Vec<_>>())
}

fn stub_table() -> Value {
    table(catalog_rules())
}

/// catalog/services.toml, read and checked (the build has already refused a catalog that is not).
fn catalog_data() -> consent_gate_catalog::Catalog {
    consent_gate_catalog::load().unwrap_or_else(|e| panic!("catalog/services.toml: {e}"))
}

fn catalog_json() -> Value {
    let catalog = catalog_data();
    let mut value = serde_json::to_value(&catalog).expect("the catalog is plain data");
    for (service, json) in catalog.service.iter().zip(value["service"].as_array_mut().expect("a list")) {
        json["table"] = table(parsed(service.hosts.iter().map(String::as_str)));
    }
    value
}

const README_START: &str = "<!-- catalog:start -->\n";
const README_END: &str = "<!-- catalog:end -->";

/// `readme [--check] FILE`: writes (or checks) the catalog's table in FILE.
fn readme(args: &[String]) -> ExitCode {
    let (check, file) = match args {
        [flag, file] if flag == "--check" => (true, file),
        [file] => (false, file),
        _ => {
            eprintln!("usage: consent-gate-tool readme [--check] FILE");
            return ExitCode::from(2);
        }
    };
    let fail = |message: String| {
        eprintln!("consent-gate-tool readme: {file}: {message}");
        ExitCode::FAILURE
    };
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) => return fail(e.to_string()),
    };
    let (Some(start), Some(end)) = (text.find(README_START), text.find(README_END)) else {
        return fail(format!("no {} … {README_END} section", README_START.trim_end()));
    };
    let table = catalog_data().readme_table();
    let inner = start + README_START.len();
    if text.get(inner..end) == Some(table.as_str()) {
        return ExitCode::SUCCESS;
    }
    if check {
        return fail("the catalog's table is out of date: run `cargo run -p consent-gate-tools -- readme README.md`".into());
    }
    match std::fs::write(file, format!("{}{table}{}", &text[..inner], &text[end..])) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e.to_string()),
    }
}

fn vectors(config: &Config) -> Vec<String> {
    let own = config.categories.iter().flat_map(|c| &c.services).flat_map(|s| &s.hosts);
    let mut rules = catalog_rules();
    rules.extend(own.filter_map(|text| Rule::parse(text)));
    let mut urls = Vec::new();
    for rule in rules {
        let (host, _, path, param) = rule.parts();
        let hosts = [
            host.to_string(),
            format!("x.{host}"),
            format!("a-b.c.{host}"),
            host.to_ascii_uppercase(),
            format!("{host}."),
            format!("{host}:8443"),
            format!("user:pw@{host}"),
            format!("{host}@evil.test"),
            format!("{host}.evil.test"),
            format!("evil{host}"),
            format!("x-{host}"),
        ];
        let base = if path.is_empty() { "/" } else { path };
        let mut paths = vec![base.to_string(), format!("{base}x"), format!("{base}/x"), format!("/x{base}"), base.to_ascii_uppercase()];
        if base.len() > 1 {
            paths.push(base[..base.len() - 1].to_string());
        }
        let queries = match param {
            Some((key, prefix)) => vec![
                format!("?{key}={prefix}"),
                format!("?{key}={prefix}ABC-1"),
                format!("?l=dataLayer&{key}={prefix}9"),
                format!("?{key}="),
                format!("?{key}"),
                format!("?{}={prefix}", key.to_ascii_uppercase()),
                format!("?x{key}={prefix}"),
                format!("?{key}=x{prefix}"),
                format!("#?{key}={prefix}"),
                String::new(),
            ],
            None => vec![String::new(), "?a=1".into(), "#x".into()],
        };
        for host in &hosts {
            for path in &paths {
                urls.push(format!("https://{host}{path}{}", queries[0]));
            }
        }
        for query in &queries {
            urls.push(format!("https://{host}{base}{query}"));
        }
        for scheme in ["http", "wss", "ftp"] {
            urls.push(format!("{scheme}://{host}{base}{}", queries[0]));
        }
    }
    // Every service's examples and every exempt script's URLs, as the catalog gives them.
    let catalog = catalog_data();
    urls.extend(catalog.service.iter().flat_map(|s| &s.examples).map(|e| e.url.clone()));
    urls.extend(catalog.exempt.iter().flat_map(|e| e.examples.iter().cloned()));
    urls.extend(
        [
            "https://example.com/",
            "https://example.com/?next=https://www.google-analytics.com/collect",
            "https://example.com/www.google-analytics.com/analytics.js",
            "https://[::1]:8080/x",
            "https://127.0.0.1/gtag/js?id=G-1",
            "https://localhost/tr",
        ]
        .map(String::from),
    );
    urls
}

/// For each URL on standard input, `rule`'s action for an element and for a request.
fn answers<'c>(rule: impl Fn(&str, Carrier) -> Action<'c>) -> String {
    let word = |action: Action| match action {
        Action::Pass => "pass",
        Action::Hold(_) => "hold",
        Action::Drop => "drop",
    };
    let mut out = Vec::new();
    for line in std::io::stdin().lock().lines() {
        let Ok(url) = line else { break };
        out.push(format!("{} {}", word(rule(&url, Carrier::Element)), word(rule(&url, Carrier::Request))));
    }
    out.join("\n")
}
