//! The server's settings, from the environment: `CG_LISTEN`, `CG_DATABASE_URL`,
//! `CG_ADMIN_TOKEN` and `CG_ALLOWED_ORIGINS`.

use std::net::SocketAddr;

use crate::record::is_origin;

/// The listen address when `CG_LISTEN` is not set.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8787";
/// The database when `CG_DATABASE_URL` is not set: a SQLite file in the working folder.
pub const DEFAULT_DATABASE_URL: &str = "sqlite:consent-records.db";
/// The shortest admin token accepted.
pub const MIN_TOKEN_LEN: usize = 16;

#[derive(Clone, Debug)]
pub struct Settings {
    pub listen: SocketAddr,
    pub database_url: String,
    /// The Bearer token every read needs.
    pub admin_token: String,
    /// The origins whose pages may post records (exact, serialized: `https://example.com`).
    pub allowed_origins: Vec<String>,
}

/// A setting that is missing or wrong; the message names the variable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingsError(pub String);

impl std::fmt::Display for SettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SettingsError {}

impl Settings {
    /// Reads the settings through `var` (the environment, or a test's map).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Settings, SettingsError> {
        let listen = var("CG_LISTEN").unwrap_or_else(|| DEFAULT_LISTEN.to_string());
        let listen = listen.parse().map_err(|_| SettingsError(format!("CG_LISTEN: {listen:?} is not an address such as 127.0.0.1:8787")))?;
        let database_url = var("CG_DATABASE_URL").filter(|u| !u.is_empty()).unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string());
        let admin_token = var("CG_ADMIN_TOKEN").unwrap_or_default();
        if admin_token.len() < MIN_TOKEN_LEN || !admin_token.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(SettingsError(format!(
                "CG_ADMIN_TOKEN must be set to at least {MIN_TOKEN_LEN} printable characters without spaces (try: openssl rand -hex 32)"
            )));
        }
        let allowed_origins: Vec<String> = var("CG_ALLOWED_ORIGINS").unwrap_or_default().split(',').map(str::trim).filter(|o| !o.is_empty()).map(String::from).collect();
        if allowed_origins.is_empty() {
            return Err(SettingsError("CG_ALLOWED_ORIGINS must list the origins whose pages post records, such as https://example.com".into()));
        }
        if let Some(bad) = allowed_origins.iter().find(|o| !is_origin(o)) {
            return Err(SettingsError(format!("CG_ALLOWED_ORIGINS: {bad:?} is not an origin such as https://example.com (no path, no trailing slash)")));
        }
        Ok(Settings { listen, database_url, admin_token, allowed_origins })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(vars: &[(&str, &str)]) -> Result<Settings, SettingsError> {
        Settings::from_vars(|name| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string()))
    }

    #[test]
    fn defaults_and_required_settings() {
        let s = read(&[("CG_ADMIN_TOKEN", "0123456789abcdef"), ("CG_ALLOWED_ORIGINS", "https://a.example, http://127.0.0.1:8080")]).unwrap();
        assert_eq!(s.listen.to_string(), DEFAULT_LISTEN);
        assert_eq!(s.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(s.allowed_origins, ["https://a.example", "http://127.0.0.1:8080"]);
    }

    #[test]
    fn each_bad_setting_names_its_variable() {
        let token = ("CG_ADMIN_TOKEN", "0123456789abcdef");
        let origins = ("CG_ALLOWED_ORIGINS", "https://a.example");
        for (vars, variable) in [
            (vec![origins], "CG_ADMIN_TOKEN"),
            (vec![origins, ("CG_ADMIN_TOKEN", "short")], "CG_ADMIN_TOKEN"),
            (vec![token], "CG_ALLOWED_ORIGINS"),
            (vec![token, ("CG_ALLOWED_ORIGINS", "https://a.example/")], "CG_ALLOWED_ORIGINS"),
            (vec![token, origins, ("CG_LISTEN", "localhost")], "CG_LISTEN"),
        ] {
            let error = read(&vars).unwrap_err();
            assert!(error.0.starts_with(variable), "{error}");
        }
    }
}
