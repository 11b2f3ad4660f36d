//! The JavaScript edge: an `Engine` class over [`Index`], converting options from and results
//! to JavaScript values and errors to `Error`s whose messages start with `newsdex:`. No work
//! happens here beyond conversion; the npm wrapper (`npm/index.js`) adds async loading.

use newsdex_indexer::{article_from_object, Origin};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::wire::{wire_names, WireArticle, WireEntity, WireResults, WireSuggestions};
use crate::{BuildOptions, CorpusReader, IndexBuilder, SearchOptions, Sharded, Step};

#[wasm_bindgen(start)]
fn start() {
    #[cfg(feature = "console_error_panic_hook")]
    console_error_panic_hook::set_once();
}

/// Index bytes: compiled in, or handed over by JavaScript.
enum Bytes {
    Embedded(&'static [u8]),
    Loaded(Box<[u8]>),
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        match self {
            Bytes::Embedded(bytes) => bytes,
            Bytes::Loaded(bytes) => bytes,
        }
    }
}

/// An opened newsdex index (wrapped by the `Newsdex` class of `npm/index.js`).
#[wasm_bindgen]
pub struct Engine {
    index: Sharded<Bytes>,
}

fn js_error(error: impl std::fmt::Display) -> JsError {
    JsError::new(&error.to_string())
}

fn to_js(value: &impl Serialize) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| js_error(format!("newsdex: {e}")))
}

/// Reads an optional non-negative integer option.
fn count_option(options: &JsValue, name: &'static str, default: usize) -> Result<usize, JsError> {
    let value =
        js_sys::Reflect::get(options, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() || value.is_null() {
        return Ok(default);
    }
    match value.as_f64() {
        Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= u32::MAX as f64 => Ok(n as usize),
        _ => Err(js_error(crate::Error::from(
            crate::ErrorKind::InvalidOption {
                name,
                message: "must be a non-negative integer".into(),
            },
        ))),
    }
}

/// Reads an optional boolean option.
fn flag_option(options: &JsValue, name: &'static str, default: bool) -> Result<bool, JsError> {
    let value =
        js_sys::Reflect::get(options, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() || value.is_null() {
        return Ok(default);
    }
    value.as_bool().ok_or_else(|| {
        js_error(crate::Error::from(crate::ErrorKind::InvalidOption {
            name,
            message: "must be true or false".into(),
        }))
    })
}

/// Reads an optional string option.
fn string_option(options: &JsValue, name: &'static str) -> Result<Option<String>, JsError> {
    let value =
        js_sys::Reflect::get(options, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value.as_string().map(Some).ok_or_else(|| {
        js_error(crate::Error::from(crate::ErrorKind::InvalidOption {
            name,
            message: "must be a string".into(),
        }))
    })
}

/// An optional function option.
fn function_option(
    options: &JsValue,
    name: &'static str,
) -> Result<Option<js_sys::Function>, JsError> {
    let value =
        js_sys::Reflect::get(options, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value.dyn_into().map(Some).map_err(|_| {
        js_error(crate::Error::from(crate::ErrorKind::InvalidOption {
            name,
            message: "must be a function".into(),
        }))
    })
}

/// What a build from JavaScript was asked for.
struct JsBuild {
    builder: IndexBuilder,
    reader: CorpusReader,
    on_progress: Option<js_sys::Function>,
    on_warning: Option<js_sys::Function>,
}

impl JsBuild {
    fn new(options: JsValue) -> Result<JsBuild, JsError> {
        let options = options_object(options)?;
        let defaults = BuildOptions::default();
        let build = BuildOptions {
            store: flag_option(&options, "store", defaults.store)?,
            entities: flag_option(&options, "entities", defaults.entities)?,
            ..defaults
        };
        Ok(JsBuild {
            builder: IndexBuilder::new(build),
            reader: CorpusReader::new(),
            on_progress: function_option(&options, "onProgress")?,
            on_warning: function_option(&options, "onWarning")?,
        })
    }

    fn progress(&self, done: f64, total: f64) {
        if let Some(f) = &self.on_progress {
            // A progress callback that throws must not abort the build.
            let _ = f.call2(
                &JsValue::NULL,
                &JsValue::from_f64(done),
                &JsValue::from_f64(total),
            );
        }
    }

    /// Reports the warnings and returns the index bytes.
    fn finish(self) -> Result<Vec<u8>, JsError> {
        for warning in self.reader.warnings() {
            if let Some(f) = &self.on_warning {
                let _ = f.call1(&JsValue::NULL, &JsValue::from_str(&warning.to_string()));
            }
        }
        self.builder.finish().map_err(js_error)
    }
}

/// `options` as an object (`undefined` and `null` mean no options).
fn options_object(options: JsValue) -> Result<JsValue, JsError> {
    if options.is_undefined() || options.is_null() {
        return Ok(js_sys::Object::new().into());
    }
    if !options.is_object() {
        return Err(js_error("newsdex: options must be an object"));
    }
    Ok(options)
}

#[wasm_bindgen]
impl Engine {
    /// Builds index bytes from an array of article objects (`{ id, body, title, source, date,
    /// url, section, description }`). Options: `store`, `entities` (booleans),
    /// `onProgress(done, total)`, `onWarning(message)`.
    #[wasm_bindgen(js_name = buildArticles)]
    pub fn build_articles(articles: JsValue, options: JsValue) -> Result<Vec<u8>, JsError> {
        let articles: js_sys::Array = articles
            .dyn_into()
            .map_err(|_| js_error("newsdex: build() takes an array of article objects"))?;
        let mut build = JsBuild::new(options)?;
        let total = articles.length();
        for (i, value) in articles.iter().enumerate() {
            let at = Origin {
                file: format!("articles[{i}]"),
                line: None,
            };
            let article = article_from_object(serde_wasm_bindgen::Deserializer::from(value), &at)
                .map_err(js_error)?;
            let JsBuild {
                builder, reader, ..
            } = &mut build;
            reader
                .accept(article, at, &mut |a| builder.insert(&a))
                .map_err(js_error)?;
            if i % 64 == 63 || i + 1 == total as usize {
                build.progress((i + 1) as f64, f64::from(total));
            }
        }
        build.finish()
    }

    /// Builds index bytes from files' contents: an array of `{ name, bytes }` where `name`
    /// ends in `.txt` (a seed article; its stem is the id) or `.jsonl`. Options as for
    /// `buildArticles`; progress counts bytes.
    #[wasm_bindgen(js_name = buildFiles)]
    pub fn build_files(files: JsValue, options: JsValue) -> Result<Vec<u8>, JsError> {
        let files: js_sys::Array = files
            .dyn_into()
            .map_err(|_| js_error("newsdex: buildFiles() takes an array of { name, bytes }"))?;
        let mut build = JsBuild::new(options)?;
        let mut inputs = Vec::with_capacity(files.length() as usize);
        for file in files.iter() {
            let name = js_sys::Reflect::get(&file, &JsValue::from_str("name"))
                .ok()
                .and_then(|n| n.as_string());
            let bytes = js_sys::Reflect::get(&file, &JsValue::from_str("bytes"))
                .ok()
                .and_then(|b| b.dyn_into::<js_sys::Uint8Array>().ok());
            match (name, bytes) {
                (Some(name), Some(bytes)) => inputs.push((name, bytes.to_vec())),
                _ => {
                    return Err(js_error(
                        "newsdex: each file must be { name: string, bytes: Uint8Array }",
                    ))
                }
            }
        }
        let total: f64 = inputs.iter().map(|(_, b)| b.len() as f64).sum();
        if let Some(f) = build.on_progress.clone() {
            build.reader.set_progress(Box::new(move |done| {
                let _ = f.call2(
                    &JsValue::NULL,
                    &JsValue::from_f64(done as f64),
                    &JsValue::from_f64(total),
                );
            }));
        }
        for (name, bytes) in &inputs {
            let JsBuild {
                builder, reader, ..
            } = &mut build;
            reader
                .read_bytes(name, bytes, &mut |a| builder.insert(&a))
                .map_err(js_error)?;
        }
        build.finish()
    }

    /// Opens index bytes, or the embedded seeds index when `bytes` is `undefined`.
    pub fn open(bytes: Option<Vec<u8>>) -> Result<Engine, JsError> {
        let index = match bytes {
            Some(bytes) => Sharded::open(Bytes::Loaded(bytes.into_boxed_slice())),
            None => Sharded::open(Bytes::Embedded(crate::embedded::SEEDS_INDEX)),
        };
        Ok(Engine {
            index: index.map_err(js_error)?,
        })
    }

    /// Searches: `{ total, tookMs, hits }`, or for a sharded index whose chunk bytes are not
    /// all at hand `{ needs: [[start, end]] }`, the ranges of its pack to supply first.
    pub fn search(&self, query: &str, options: JsValue) -> Result<JsValue, JsError> {
        let options = options_object(options)?;
        let defaults = SearchOptions::default();
        let options = SearchOptions {
            limit: count_option(&options, "limit", defaults.limit)?,
            offset: count_option(&options, "offset", defaults.offset)?,
            facets: flag_option(&options, "facets", defaults.facets)?,
        };
        match self.index.search(query, &options).map_err(js_error)? {
            Step::Done(results) => to_js(&WireResults::from(&results)),
            Step::Fetch(ranges) => needs(&ranges),
        }
    }

    /// An article with the matches of `options.query` marked, or `{ needs }` as for search.
    pub fn article(&self, id: &str, options: JsValue) -> Result<JsValue, JsError> {
        let options = options_object(options)?;
        let query = string_option(&options, "query")?;
        match self.index.article(id, query.as_deref()).map_err(js_error)? {
            Step::Done(article) => to_js(&WireArticle::from(&article)),
            Step::Fetch(ranges) => needs(&ranges),
        }
    }

    /// The entity with `id`: `{ id, type, name, aliases, articles, mentions }`.
    pub fn entity(&self, id: &str) -> Result<JsValue, JsError> {
        let entity = self.index.index().entity(id).map_err(js_error)?;
        to_js(&WireEntity::from(&entity))
    }

    /// Names in any text, found by the recogniser and linked to the index's entities:
    /// `[{ start, end, type, text, entity }]`.
    pub fn entities(&self, text: &str) -> Result<JsValue, JsError> {
        let names = self.index.index().entities(text).map_err(js_error)?;
        to_js(&wire_names(text, &names))
    }

    /// The matches of `query` in any `text`: `[[start, end]]` in UTF-16 code units.
    pub fn marks(&self, text: &str, query: &str) -> Result<JsValue, JsError> {
        let marks = self.index.index().marks(text, query).map_err(js_error)?;
        to_js(&crate::wire::utf16_marks(text, &marks))
    }

    /// Completions of entity names and words: `{ entities, words }`.
    pub fn suggest(&self, text: &str) -> Result<JsValue, JsError> {
        let suggestions = self.index.index().suggest(text).map_err(js_error)?;
        to_js(&WireSuggestions::from(&suggestions))
    }

    /// The analyser's tokens of `text`: `[{ term, start, end }]` with UTF-16 offsets.
    pub fn analyze(&self, text: &str) -> Result<JsValue, JsError> {
        to_js(&crate::wire::tokens(text))
    }

    /// A sharded index's chunk files, `{ name, chunkBytes, count, packBytes }`, or `null`.
    pub fn chunks(&self) -> Result<JsValue, JsError> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct WireChunks<'a> {
            name: &'a str,
            chunk_bytes: u64,
            count: u64,
            pack_bytes: u64,
        }
        let Some(chunks) = self.index.index().chunks() else {
            return Ok(JsValue::NULL);
        };
        to_js(&WireChunks {
            name: &chunks.name,
            chunk_bytes: chunks.chunk_bytes,
            count: chunks.count(),
            pack_bytes: chunks.pack_bytes(),
        })
    }

    /// Keeps `bytes` as the bytes of a sharded index's pack from `start` on.
    pub fn supply(&mut self, start: f64, bytes: Vec<u8>) -> Result<(), JsError> {
        if !(start >= 0.0 && start.fract() == 0.0 && start <= 2f64.powi(53)) {
            return Err(js_error(
                "newsdex: supply() takes a whole, non-negative start offset",
            ));
        }
        self.index.supply(start as u64, bytes).map_err(js_error)
    }

    /// How many fetched chunk bytes are kept.
    #[wasm_bindgen(js_name = fetchedBytes)]
    pub fn fetched_bytes(&self) -> f64 {
        self.index.fetched_bytes() as f64
    }

    /// Drops the fetched chunk bytes.
    pub fn forget(&mut self) {
        self.index.forget();
    }

    /// Figures about the index.
    pub fn stats(&self) -> Result<JsValue, JsError> {
        to_js(&self.index.index().stats())
    }
}

/// `{ needs: [[start, end]] }`: what a sharded index's request needs fetched first.
fn needs(ranges: &[std::ops::Range<u64>]) -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct Needs {
        needs: Vec<[u64; 2]>,
    }
    to_js(&Needs {
        needs: ranges.iter().map(|r| [r.start, r.end]).collect(),
    })
}
