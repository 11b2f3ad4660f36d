//! The recogniser module: the tagger with its model and gazetteers, and the index builder
//! (which tags every article). A page fetches it only when it needs one of them.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use newsdex::wire::wire_names;
use newsdex::{changed_articles, Article, BuildOptions, CorpusReader, Index, IndexBuilder};
use newsdex_index::{article_from_object, Language, Origin};

use crate::js::{
    argument_error, flag_option, invalid_option, js_error, option, options_object, to_js,
};

/// The names the recogniser finds in `text`: `[{ start, end, type, text, entity: null }]` with
/// UTF-16 offsets, those in bylines and credits only when `credits`. The search module's
/// `Engine.link` links them to an index's entities.
#[wasm_bindgen]
pub fn tag(text: &str, credits: bool) -> Result<JsValue, JsValue> {
    let names = if credits {
        newsdex::entities_with_credits(text)
    } else {
        newsdex::entities(text)
    };
    to_js(&wire_names(text, &names))
}

/// Builds index bytes from an array of article objects (`{ id, body, title, source, date,
/// url, section, description }` and the facet fields). Options: `store`, `entities`, `shards`
/// (booleans; `shards` for an index to split with `splitIndex`), `facets` (field names),
/// `onProgress(done, total)`, `onWarning(message)`; or `base`, the bytes of a single-file
/// index to extend (its articles, then these, each replacing one of the same id, built with
/// its options), and `remove`, ids of its articles to leave out.
#[wasm_bindgen(js_name = buildArticles)]
pub fn build_articles(articles: JsValue, options: JsValue) -> Result<Vec<u8>, JsValue> {
    let articles: js_sys::Array = articles
        .dyn_into()
        .map_err(|_| argument_error("newsdex: build() takes an array of article objects"))?;
    let options = options_object(options)?;
    let base = Base::from_options(&options)?;
    let mut build = match &base {
        Some(base) => JsBuild::with(&options, base.options, base.facets.clone())?,
        None => JsBuild::new(options)?,
    };
    let total = articles.length();
    let mut added = Vec::new();
    for (i, value) in articles.iter().enumerate() {
        let at = Origin {
            file: format!("articles[{i}]"),
            line: None,
        };
        let JsBuild {
            builder,
            reader,
            facets,
            ..
        } = &mut build;
        let article =
            article_from_object(serde_wasm_bindgen::Deserializer::from(value), &at, facets)
                .map_err(js_error)?;
        match &base {
            Some(_) => reader.accept(article, at, &mut |a| {
                added.push(a);
                Ok(())
            }),
            None => reader.accept(article, at, &mut |a| builder.insert(&a)),
        }
        .map_err(js_error)?;
        if i % 64 == 63 || i + 1 == total as usize {
            build.progress((i + 1) as f64, f64::from(total));
        }
    }
    if let Some(base) = base {
        let articles = changed_articles(base.articles, added, &base.remove).map_err(js_error)?;
        for article in &articles {
            build.builder.insert(article).map_err(js_error)?;
        }
    }
    build.finish()
}

/// The index a build extends: its articles, how it was built, and the ids to remove.
struct Base {
    articles: Vec<Article>,
    options: BuildOptions,
    facets: Vec<String>,
    remove: Vec<String>,
}

impl Base {
    fn from_options(options: &JsValue) -> Result<Option<Base>, JsValue> {
        let remove = match option(options, "remove") {
            None => Vec::new(),
            Some(ids) => ids
                .dyn_into::<js_sys::Array>()
                .ok()
                .and_then(|ids| ids.iter().map(|id| id.as_string()).collect())
                .ok_or_else(|| invalid_option("remove", "must be an array of article ids"))?,
        };
        let Some(bytes) = option(options, "base") else {
            return match remove.is_empty() {
                true => Ok(None),
                false => Err(invalid_option(
                    "remove",
                    "needs `base`, the index to remove from",
                )),
            };
        };
        for name in ["store", "entities", "facets", "shards"] {
            if option(options, name).is_some() {
                return Err(invalid_option(
                    "base",
                    &format!(
                        "builds with the `{name}` of the index it extends: leave `{name}` out"
                    ),
                ));
            }
        }
        let bytes = bytes
            .dyn_into::<js_sys::Uint8Array>()
            .map_err(|_| invalid_option("base", "must be an index's bytes (a Uint8Array)"))?
            .to_vec();
        let index = Index::from_bytes(bytes).map_err(js_error)?;
        if index.chunks().is_some() {
            return Err(invalid_option(
                "base",
                "is a sharded index's core: extend the index it was split from",
            ));
        }
        let (options, facets) = index.build_options().map_err(js_error)?;
        Ok(Some(Base {
            articles: index.articles().map_err(js_error)?,
            options,
            facets,
            remove,
        }))
    }
}

/// Builds index bytes from files' contents: an array of `{ name, bytes }` where `name` ends in
/// `.txt` (a seed article; its stem is the id) or `.jsonl`. Options as for `buildArticles`;
/// progress counts bytes.
#[wasm_bindgen(js_name = buildFiles)]
pub fn build_files(files: JsValue, options: JsValue) -> Result<Vec<u8>, JsValue> {
    let files: js_sys::Array = files
        .dyn_into()
        .map_err(|_| argument_error("newsdex: buildFiles() takes an array of { name, bytes }"))?;
    let mut build = JsBuild::new(options)?;
    let mut inputs = Vec::with_capacity(files.length() as usize);
    for file in files.iter() {
        let name = option(&file, "name").and_then(|n| n.as_string());
        let bytes = option(&file, "bytes").and_then(|b| b.dyn_into::<js_sys::Uint8Array>().ok());
        match (name, bytes) {
            (Some(name), Some(bytes)) => inputs.push((name, bytes.to_vec())),
            _ => {
                return Err(argument_error(
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

/// An optional function option.
fn function_option(
    options: &JsValue,
    name: &'static str,
) -> Result<Option<js_sys::Function>, JsValue> {
    option(options, name)
        .map(|value| {
            value
                .dyn_into()
                .map_err(|_| invalid_option(name, "must be a function"))
        })
        .transpose()
}

/// What a build from JavaScript was asked for.
struct JsBuild {
    builder: IndexBuilder,
    reader: CorpusReader,
    facets: Vec<String>,
    on_progress: Option<js_sys::Function>,
    on_warning: Option<js_sys::Function>,
}

impl JsBuild {
    fn new(options: JsValue) -> Result<JsBuild, JsValue> {
        let options = options_object(options)?;
        let defaults = BuildOptions::default();
        // As `newsdex build --shards` builds: a sharded index is fetched in pieces, so its bytes
        // cost more than decoding them.
        let shards = flag_option(&options, "shards", false)?;
        let build = BuildOptions {
            store: flag_option(&options, "store", defaults.store)?,
            entities: flag_option(&options, "entities", defaults.entities)?,
            packed_postings: shards,
            deflated_store: shards,
            language: match option(&options, "lang") {
                None => defaults.language,
                Some(tag) => {
                    let tag = tag.as_string().ok_or_else(|| {
                        invalid_option("lang", "must be a string: a language tag such as `fr`")
                    })?;
                    Language::from_tag(tag.trim()).map_err(|why| invalid_option("lang", &why))?
                }
            },
            ..defaults
        };
        let facets = match option(&options, "facets") {
            None => Vec::new(),
            Some(list) => list
                .dyn_into::<js_sys::Array>()
                .ok()
                .and_then(|list| list.iter().map(|name| name.as_string()).collect())
                .ok_or_else(|| invalid_option("facets", "must be an array of field names"))?,
        };
        JsBuild::with(&options, build, facets)
    }

    fn with(
        options: &JsValue,
        build: BuildOptions,
        facets: Vec<String>,
    ) -> Result<JsBuild, JsValue> {
        let mut builder = IndexBuilder::new(build);
        builder.set_facets(&facets).map_err(js_error)?;
        let mut reader = CorpusReader::new();
        reader.set_facets(&facets);
        Ok(JsBuild {
            builder,
            reader,
            facets,
            on_progress: function_option(options, "onProgress")?,
            on_warning: function_option(options, "onWarning")?,
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
    fn finish(self) -> Result<Vec<u8>, JsValue> {
        for warning in self.reader.warnings() {
            if let Some(f) = &self.on_warning {
                let _ = f.call1(&JsValue::NULL, &JsValue::from_str(&warning.to_string()));
            }
        }
        self.builder.finish().map_err(js_error)
    }
}

/// Splits index bytes (built with `shards: true`) into a sharded index, as `newsdex build
/// --shards` writes one: `{ core, name, chunks: [{ name, bytes }] }`, the chunk files
/// `chunkBytes` long (the last shorter) and named after `stem`, the core file's name without its
/// extension, and the pack's hash (`name`: the chunk files are `name.0000.chunk` and on).
#[wasm_bindgen(js_name = splitIndex)]
pub fn split_index(bytes: &[u8], stem: &str, chunk_bytes: f64) -> Result<JsValue, JsValue> {
    if !(chunk_bytes.fract() == 0.0 && chunk_bytes >= 0.0) {
        return Err(invalid_option(
            "chunkBytes",
            "must be a whole number of bytes",
        ));
    }
    let sharded =
        newsdex_format::shards::split(bytes, stem, chunk_bytes as u64).map_err(js_error)?;
    let chunks = js_sys::Array::new();
    for k in 0..sharded.chunks.count() {
        let chunk = js_sys::Object::new();
        set(
            &chunk,
            "name",
            &JsValue::from_str(&sharded.chunks.file_name(k)),
        );
        set(
            &chunk,
            "bytes",
            &js_sys::Uint8Array::from(sharded.chunk(k)).into(),
        );
        chunks.push(&chunk);
    }
    let split = js_sys::Object::new();
    set(
        &split,
        "core",
        &js_sys::Uint8Array::from(&sharded.core[..]).into(),
    );
    set(&split, "name", &JsValue::from_str(&sharded.chunks.name));
    set(&split, "chunks", &chunks.into());
    Ok(split.into())
}

/// Sets a property of an object made here (which cannot fail).
fn set(object: &js_sys::Object, name: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(object, &JsValue::from_str(name), value);
}
