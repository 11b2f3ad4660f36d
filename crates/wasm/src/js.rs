//! Conversions shared by both modules: errors, results and options.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use newsdex::{Error, ErrorKind};

/// A JavaScript `Error` with the message of `error` (newsdex errors already say `newsdex:`).
pub(crate) fn js_error(error: impl std::fmt::Display) -> JsError {
    JsError::new(&error.to_string())
}

/// An invalid-option error for the option `name`.
pub(crate) fn invalid_option(name: &'static str, message: &str) -> JsError {
    js_error(Error::from(ErrorKind::InvalidOption {
        name,
        message: message.into(),
    }))
}

/// `value` as a plain JavaScript value (objects, arrays, numbers, strings).
pub(crate) fn to_js(value: &impl Serialize) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| js_error(format!("newsdex: {e}")))
}

/// `options` as an object (`undefined` and `null` mean no options).
pub(crate) fn options_object(options: JsValue) -> Result<JsValue, JsError> {
    if options.is_undefined() || options.is_null() {
        return Ok(js_sys::Object::new().into());
    }
    if !options.is_object() {
        return Err(js_error("newsdex: options must be an object"));
    }
    Ok(options)
}

/// The option `name` of `options`, or `None` when it is missing, `undefined` or `null`.
pub(crate) fn option(options: &JsValue, name: &str) -> Option<JsValue> {
    let value =
        js_sys::Reflect::get(options, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    (!value.is_undefined() && !value.is_null()).then_some(value)
}

/// Reads an optional boolean option.
pub(crate) fn flag_option(
    options: &JsValue,
    name: &'static str,
    default: bool,
) -> Result<bool, JsError> {
    match option(options, name) {
        None => Ok(default),
        Some(value) => value
            .as_bool()
            .ok_or_else(|| invalid_option(name, "must be true or false")),
    }
}
