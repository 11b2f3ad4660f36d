//! The search module's `Engine`: an opened index (single-file or a sharded core) and every
//! request on it. The npm wrapper (`npm/index.js`) adds async loading and chunk fetches.
//!
//! With the `lite` feature, the first module's `Engine`: the requests a plain query makes, and,
//! for a search that asks for facets, collapsed stories or an order by date, or whose query has
//! a clause by date, site facet or entity, `{ full: true }`, for the wrapper to ask the search
//! module instead. Articles, entities, related stories, copies, names and suggestions are the
//! search module's alone.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use newsdex::wire::WireResults;
#[cfg(not(feature = "lite"))]
use newsdex::wire::{WireArticle, WireEntity, WireHit, WireSuggestions};
use newsdex::{Sharded, Step};

use crate::js::{argument_error, js_error, to_js};
#[cfg(not(feature = "lite"))]
use crate::js::{flag_option, options_object};
#[cfg(not(feature = "lite"))]
use crate::options::{count_option, link_names, string_option};
use crate::options::{needs, now, search_options, whole_offset};

/// An opened newsdex index (wrapped by the `Newsdex` class of `npm/index.js`).
#[wasm_bindgen]
pub struct Engine {
    index: Sharded<Box<[u8]>>,
}

/// Whether the first module's engine left a request to the search module: a search that is
/// not plain (`SearchOptions::plain`), or whose query has a clause by date, site facet or
/// entity.
#[cfg(feature = "lite")]
fn left_to_search_module<T>(step: &newsdex::Result<T>) -> bool {
    matches!(step, Err(error) if matches!(error.kind(), newsdex::ErrorKind::LeftToSearchModule))
}

/// `{ full: true }`: the first module's answer to a request only the search module answers.
#[cfg(feature = "lite")]
fn full() -> Result<JsValue, JsValue> {
    #[derive(Serialize)]
    struct Full {
        full: bool,
    }
    to_js(&Full { full: true })
}

#[wasm_bindgen]
impl Engine {
    /// Opens index bytes. The first module opens a sharded core only, and refuses a single
    /// file with the code `LeftToSearchModule`, for the wrapper to open it in the search module.
    pub fn open(bytes: Vec<u8>) -> Result<Engine, JsValue> {
        Ok(Engine {
            index: Sharded::open(bytes.into_boxed_slice()).map_err(js_error)?,
        })
    }

    /// Searches: `{ total, tookMs, hits }`, or for a sharded index whose chunk bytes are not
    /// all at hand `{ needs: [[start, end]] }`, the ranges of its pack to supply first.
    pub fn search(&self, query: &str, options: JsValue) -> Result<JsValue, JsValue> {
        let options = search_options(options)?;
        let started = now();
        let step = self.index.search(query, &options);
        #[cfg(feature = "lite")]
        if left_to_search_module(&step) {
            return full();
        }
        match step.map_err(js_error)? {
            Step::Done(mut results) => {
                results.took_ms = now() - started;
                to_js(&WireResults::from(&results))
            }
            Step::Fetch(ranges) => needs(&ranges),
        }
    }

    /// An article with the matches of `options.query` marked, or `{ needs }` as for search.
    #[cfg(not(feature = "lite"))]
    pub fn article(&self, id: &str, options: JsValue) -> Result<JsValue, JsValue> {
        let options = options_object(options)?;
        let query = string_option(&options, "query")?;
        match self.index.article(id, query.as_deref()).map_err(js_error)? {
            Step::Done(article) => to_js(&WireArticle::from(&article)),
            Step::Fetch(ranges) => needs(&ranges),
        }
    }

    /// The entity with `id`: `{ id, type, name, aliases, articles, mentions }`, or `{ needs }`
    /// as for search.
    #[cfg(not(feature = "lite"))]
    pub fn entity(&self, id: &str, options: JsValue) -> Result<JsValue, JsValue> {
        let options = options_object(options)?;
        let found = match flag_option(&options, "details", true)? {
            true => self.index.entity(id),
            false => self.index.entity_brief(id),
        };
        match found.map_err(js_error)? {
            Step::Done(entity) => to_js(&WireEntity::from(&entity)),
            Step::Fetch(ranges) => needs(&ranges),
        }
    }

    /// The stories most like article `id`: hits as search's (at most `options.limit`, default
    /// 5), or `{ needs }` as for search.
    #[cfg(not(feature = "lite"))]
    pub fn related(&self, id: &str, options: JsValue) -> Result<JsValue, JsValue> {
        let options = options_object(options)?;
        let limit = count_option(&options, "limit", 5)?;
        match self.index.related(id, limit).map_err(js_error)? {
            Step::Done(hits) => to_js(&hits.iter().map(WireHit::from).collect::<Vec<_>>()),
            Step::Fetch(ranges) => needs(&ranges),
        }
    }

    /// The ids of the other copies of article `id`'s story, or `{ needs }` as for search.
    #[cfg(not(feature = "lite"))]
    pub fn duplicates(&self, id: &str) -> Result<JsValue, JsValue> {
        match self.index.duplicates(id).map_err(js_error)? {
            Step::Done(ids) => to_js(&ids),
            Step::Fetch(ranges) => needs(&ranges),
        }
    }

    /// Links names found by the recogniser module (`[{ type, text, ... }]`) to this index's
    /// entities: sets each name's `entity` to the id of the entity of its type with that name
    /// as an alias, or `null`, and returns the same array; or `{ needs }` as for search, for
    /// every name at once.
    #[cfg(not(feature = "lite"))]
    pub fn link(&self, names: JsValue) -> Result<JsValue, JsValue> {
        match link_names(names, |kind, text| self.index.link(kind, text))? {
            Ok(list) => Ok(list),
            Err(mut missing) => {
                newsdex_index::sort::sort_by_key(&mut missing, |r| (r.start, r.end));
                missing.dedup();
                needs(&missing)
            }
        }
    }

    /// The matches of `query` in any `text`: `[[start, end]]` in UTF-16 code units, or
    /// `{ needs }` as for search.
    pub fn marks(&self, text: &str, query: &str) -> Result<JsValue, JsValue> {
        let step = self.index.marks(text, query);
        #[cfg(feature = "lite")]
        if left_to_search_module(&step) {
            return full();
        }
        match step.map_err(js_error)? {
            Step::Done(marks) => to_js(&newsdex::wire::utf16_marks(text, &marks)),
            Step::Fetch(ranges) => needs(&ranges),
        }
    }

    /// Completions of entity names and words: `{ entities, words }`, or `{ needs }` as for
    /// search.
    #[cfg(not(feature = "lite"))]
    pub fn suggest(&self, text: &str) -> Result<JsValue, JsValue> {
        match self.index.suggest(text).map_err(js_error)? {
            Step::Done(suggestions) => to_js(&WireSuggestions::from(&suggestions)),
            Step::Fetch(ranges) => needs(&ranges),
        }
    }

    /// The analyser's tokens of `text`: `[{ term, start, end }]` with UTF-16 offsets.
    pub fn analyze(&self, text: &str) -> Result<JsValue, JsValue> {
        to_js(&newsdex::wire::tokens(text))
    }

    /// A sharded index's chunk files, `{ name, chunkBytes, count, packBytes }`, or `null`.
    pub fn chunks(&self) -> Result<JsValue, JsValue> {
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

    /// Each chunk file's xxh3, which ends its name, as 8 bytes little-endian (raw bytes cost
    /// the module less than a list through serde); empty for an index in one file.
    #[wasm_bindgen(js_name = chunkHashes)]
    pub fn chunk_hashes(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        for hash in self.index.index().chunks().map_or(&[][..], |c| &c.hashes) {
            bytes.extend_from_slice(&hash.to_le_bytes());
        }
        bytes
    }

    /// Keeps `bytes` as the bytes of a sharded index's pack from `start` on.
    pub fn supply(&mut self, start: f64, bytes: Vec<u8>) -> Result<(), JsValue> {
        if !whole_offset(start) {
            return Err(argument_error(
                "newsdex: supply() takes a whole, non-negative start offset",
            ));
        }
        self.index.supply(start as u64, bytes).map_err(js_error)
    }

    /// The fetched chunk bytes kept, `[start, bytes, start, bytes, …]`, for the search
    /// module's engine of the same index to be supplied with when a request moves there.
    #[cfg(feature = "lite")]
    pub fn kept(&self) -> js_sys::Array {
        let kept = js_sys::Array::new();
        for (start, bytes) in self.index.fetched() {
            kept.push(&JsValue::from_f64(start as f64));
            kept.push(&js_sys::Uint8Array::from(bytes));
        }
        kept
    }

    /// How many fetched chunk bytes are kept.
    #[wasm_bindgen(js_name = fetchedBytes)]
    pub fn fetched_bytes(&self) -> f64 {
        self.index.fetched_bytes() as f64
    }

    /// Drops the fetched chunk bytes outside `keep`, the ranges of the pack that requests
    /// under way asked for, flat: `[start, end, start, end, …]`.
    pub fn retain(&mut self, keep: Vec<f64>) -> Result<(), JsValue> {
        let keep: Option<Vec<std::ops::Range<u64>>> = keep
            .chunks(2)
            .map(|pair| match *pair {
                [start, end] if whole_offset(start) && whole_offset(end) && start <= end => {
                    Some(start as u64..end as u64)
                }
                _ => None,
            })
            .collect();
        let keep = keep.ok_or_else(|| {
            argument_error("newsdex: retain() takes pairs of whole, non-negative offsets")
        })?;
        self.index.retain(&keep);
        Ok(())
    }

    /// Figures about the index.
    pub fn stats(&self) -> Result<JsValue, JsValue> {
        to_js(&self.index.index().stats())
    }
}
