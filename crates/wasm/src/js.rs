//! Conversions shared by the modules: errors, results and options.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use newsdex::{Error, ErrorKind};

/// A JavaScript `Error` with `message` and a `code` naming what went wrong.
pub(crate) fn coded_error(code: &str, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&error, &JsValue::from_str("code"), &JsValue::from_str(code));
    error.into()
}

/// A newsdex error as a JavaScript `Error`: its message (which starts with `newsdex:`) and its
/// `code`, the name of its `ErrorKind`.
pub(crate) fn js_error(error: impl Into<Error>) -> JsValue {
    let error = error.into();
    coded_error(error.code(), &error.to_string())
}

/// A JavaScript `Error` for arguments of the wrong shape (`code` `InvalidArgument`).
pub(crate) fn argument_error(message: &str) -> JsValue {
    coded_error("InvalidArgument", message)
}

/// An invalid-option error for the option `name`.
pub(crate) fn invalid_option(name: &'static str, message: &str) -> JsValue {
    js_error(ErrorKind::InvalidOption {
        name,
        message: message.into(),
    })
}

/// `value` as a plain JavaScript value (objects, arrays, numbers, strings).
pub(crate) fn to_js(value: &impl Serialize) -> Result<JsValue, JsValue> {
    crate::tape::to_value(value).map_err(|e| coded_error("Internal", &format!("newsdex: {e}")))
}

/// `options` as an object (`undefined` and `null` mean no options).
pub(crate) fn options_object(options: JsValue) -> Result<JsValue, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(js_sys::Object::new().into());
    }
    if !options.is_object() {
        return Err(argument_error("newsdex: options must be an object"));
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
) -> Result<bool, JsValue> {
    match option(options, name) {
        None => Ok(default),
        Some(value) => value
            .as_bool()
            .ok_or_else(|| invalid_option(name, "must be true or false")),
    }
}
