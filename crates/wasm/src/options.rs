//! What the search modules' engines share: a search's options from JavaScript, and the
//! shapes of offsets and of the ranges a request needs.

use serde::Serialize;
use wasm_bindgen::prelude::*;

#[cfg(not(feature = "lite"))]
use newsdex::{parse_day, EntityType, Step};
use newsdex::{SearchOptions, Sort};
#[cfg(not(feature = "lite"))]
use wasm_bindgen::JsCast;

#[cfg(not(feature = "lite"))]
use crate::js::{argument_error, js_error};
use crate::js::{flag_option, invalid_option, option, options_object, to_js};

#[wasm_bindgen]
extern "C" {
    /// Milliseconds from JavaScript's clock, which times a search (the engine has none in wasm).
    #[wasm_bindgen(js_namespace = performance)]
    pub(crate) fn now() -> f64;
}

/// Reads an optional non-negative integer option.
pub(crate) fn count_option(
    options: &JsValue,
    name: &'static str,
    default: usize,
) -> Result<usize, JsValue> {
    match option(options, name).map(|value| value.as_f64()) {
        None => Ok(default),
        Some(Some(n)) if n >= 0.0 && n.fract() == 0.0 && n <= u32::MAX as f64 => Ok(n as usize),
        Some(_) => Err(invalid_option(name, "must be a non-negative integer")),
    }
}

/// Reads an optional string option.
pub(crate) fn string_option(
    options: &JsValue,
    name: &'static str,
) -> Result<Option<String>, JsValue> {
    option(options, name)
        .map(|value| {
            value
                .as_string()
                .ok_or_else(|| invalid_option(name, "must be a string"))
        })
        .transpose()
}

/// The day the option `now` names. The first module reads any text as a day: a search with
/// `now` is not plain (`SearchOptions::plain`), so the search module answers it, and reads the
/// day with the date parser (1.3 KB brotli) that the first module then leaves out.
fn now_option(options: &JsValue) -> Result<Option<u32>, JsValue> {
    let now = string_option(options, "now")?;
    #[cfg(feature = "lite")]
    return Ok(now.map(|_| 0));
    #[cfg(not(feature = "lite"))]
    now.map(|now| parse_day(&now).map_err(|why| invalid_option("now", &why)))
        .transpose()
}

/// A search's options from JavaScript.
pub(crate) fn search_options(options: JsValue) -> Result<SearchOptions, JsValue> {
    let options = options_object(options)?;
    let defaults = SearchOptions::default();
    let sort = match string_option(&options, "sort")? {
        None => defaults.sort,
        Some(name) => Sort::from_name(&name)
            .ok_or_else(|| invalid_option("sort", "must be 'relevance', 'newest' or 'oldest'"))?,
    };
    let recency = match option(&options, "recency").map(|value| value.as_f64()) {
        None => None,
        Some(Some(days)) => Some(days as f32),
        Some(None) => return Err(invalid_option("recency", "must be a number of days")),
    };
    let now = now_option(&options)?;
    Ok(SearchOptions {
        limit: count_option(&options, "limit", defaults.limit)?,
        offset: count_option(&options, "offset", defaults.offset)?,
        facets: flag_option(&options, "facets", defaults.facets)?,
        sort,
        recency,
        now,
        collapse: flag_option(&options, "collapse", defaults.collapse)?,
    })
}

/// Whether `offset` is a byte offset JavaScript can hold exactly.
pub(crate) fn whole_offset(offset: f64) -> bool {
    offset >= 0.0 && offset.fract() == 0.0 && offset <= 2f64.powi(53)
}

/// `{ needs: [[start, end]] }`: what a sharded index's request needs fetched first.
pub(crate) fn needs(ranges: &[std::ops::Range<u64>]) -> Result<JsValue, JsValue> {
    #[derive(Serialize)]
    struct Needs {
        needs: Vec<[u64; 2]>,
    }
    to_js(&Needs {
        needs: ranges.iter().map(|r| [r.start, r.end]).collect(),
    })
}

/// Links names found by the recogniser module (`[{ type, text, ... }]`) with `link`: sets each
/// name's `entity` to the id it gives or `null`, and returns the same array; or, when a link
/// needs bytes first, the ranges every name's asked for (so that they are fetched at once).
#[cfg(not(feature = "lite"))]
pub(crate) fn link_names<R>(
    names: JsValue,
    mut link: impl FnMut(EntityType, &str) -> newsdex::Result<Step<Option<String>, R>>,
) -> Result<Result<JsValue, Vec<R>>, JsValue> {
    let list: js_sys::Array = names
        .dyn_into()
        .map_err(|_| argument_error("newsdex: link() takes the recogniser's array of names"))?;
    let mut missing = Vec::new();
    for name in list.iter() {
        let field = |key: &str| {
            js_sys::Reflect::get(&name, &JsValue::from_str(key))
                .ok()
                .and_then(|v| v.as_string())
        };
        let (Some(kind), Some(text)) = (field("type"), field("text")) else {
            return Err(argument_error(
                "newsdex: link() takes names as { type: string, text: string }",
            ));
        };
        let kind: EntityType = kind.parse().map_err(|_| {
            argument_error(&format!(
                "newsdex: link() takes names of type PER, LOC, ORG or MISC, not {kind:?}"
            ))
        })?;
        match link(kind, &text).map_err(js_error)? {
            Step::Done(entity) => {
                let entity = entity.map_or(JsValue::NULL, |id| JsValue::from_str(&id));
                js_sys::Reflect::set(&name, &JsValue::from_str("entity"), &entity)
                    .map_err(|_| argument_error("newsdex: link() could not set a name's entity"))?;
            }
            Step::Fetch(ranges) => missing.extend(ranges),
        }
    }
    Ok(match missing.is_empty() {
        true => Ok(list.into()),
        false => Err(missing),
    })
}
