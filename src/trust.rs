//! What a released script needs to pass the page's Content-Security-Policy: the nonce of the
//! gate's own script tag, and the `consent-gate` Trusted Types policy.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

use crate::dom;

/// What a released script needs to pass the page's Content-Security-Policy: the nonce of the
/// gate's own script tag, and a Trusted Types policy for its source and text (a pass-through:
/// they come from the site's own markup; the policy object never leaves the gate).
#[derive(Default)]
pub struct Trust {
    /// The gate tag's nonce, given to every released script and to the stylesheet.
    pub nonce: Option<String>,
    /// The `consent-gate` Trusted Types policy, where the browser has Trusted Types.
    pub policy: Option<js_sys::Object>,
}

impl Trust {
    /// Sets `property` (`src` or `text`) of `script` to `value`, through the policy's `method`
    /// (`createScriptURL` / `createScript`) when there is one.
    pub fn assign(&self, script: &Element, property: &str, method: &str, value: &str) -> bool {
        let value = JsValue::from_str(value);
        let trusted = match &self.policy {
            Some(policy) => match dom::property(policy, method).dyn_into::<js_sys::Function>().and_then(|f| f.call1(policy, &value)) {
                Ok(trusted) => trusted,
                Err(_) => return false,
            },
            None => value,
        };
        dom::set_property(script, property, &trusted)
    }
}

