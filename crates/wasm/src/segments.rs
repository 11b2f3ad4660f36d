//! The segments module's `Engine`: a segmented index (a manifest's parts, `newsdex add
//! --segment`) opened from its parts' cores, and the requests it answers. The npm wrapper
//! (`npm/index.js`) reads the manifest, fetches the cores and then the chunk ranges asked for.
//!
//! The parts' packs are addressed as one: part `p`'s byte `b` is byte `b` plus the packs of
//! the parts before it, so that the wrapper keeps, retains and checks ranges as it does a
//! sharded index's, and one fetcher a part maps them back.

use std::ops::Range;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use newsdex::copies::Copies;
use newsdex::manifest::Entry;
use newsdex::related::Related;
use newsdex::wire::{WireArticle, WireEntity, WireHit, WireResults, WireSuggestions};
use newsdex::{Part, PartRange, Segmented, Sharded, Step};

use crate::js::{argument_error, coded_error, flag_option, js_error, options_object, to_js};
use crate::options::{
    count_option, link_names, needs, now, search_options, string_option, whole_offset,
};

/// An opened segmented index (wrapped by the `Newsdex` class of `npm/index.js`).
#[wasm_bindgen]
pub struct Engine {
    index: Segmented,
    /// Where each part's pack lies among them all.
    packs: Vec<Range<u64>>,
    /// The segments (counted from 0) whose related stories were left out at opening, in the
    /// manifest's order: `addRelated` brings them, and `related` answers only after.
    pending: Vec<usize>,
}

impl Engine {
    /// The ranges of a step in the packs addressed as one.
    fn needs(&self, wanted: &[PartRange]) -> Result<JsValue, JsValue> {
        let ranges: Vec<Range<u64>> = wanted
            .iter()
            .map(|w| {
                let at = self.packs[w.part].start;
                at + w.range.start..at + w.range.end
            })
            .collect();
        needs(&ranges)
    }

    /// The part whose pack holds byte `at` of them all, and where it starts.
    fn part_at(&self, at: u64) -> Option<(usize, u64)> {
        let part = self.packs.iter().position(|pack| pack.contains(&at))?;
        Some((part, self.packs[part].start))
    }

    fn answer<T>(
        &self,
        step: newsdex::Result<Step<T, PartRange>>,
        wire: impl FnOnce(T) -> Result<JsValue, JsValue>,
    ) -> Result<JsValue, JsValue> {
        match step.map_err(js_error)? {
            Step::Done(value) => wire(value),
            Step::Fetch(wanted) => self.needs(&wanted),
        }
    }
}

/// The parts a manifest names, in order: `[{ name, kind }]`, `kind` 0 for a segment, 1 for a
/// removal, 2 for a segment's copies, 3 for its related stories; its errors name the line and column (code `NotAnIndex`).
#[wasm_bindgen(js_name = parseManifest)]
pub fn parse_manifest(bytes: &[u8]) -> Result<JsValue, JsValue> {
    #[derive(Serialize)]
    struct WireEntry<'a> {
        name: &'a str,
        kind: u8,
    }
    let entries = newsdex::manifest::parse(bytes).map_err(js_error)?;
    let wire: Vec<WireEntry<'_>> = entries
        .iter()
        .map(|entry| WireEntry {
            name: entry.name(),
            kind: match entry {
                Entry::Segment(_) => 0,
                Entry::Removed(_) => 1,
                Entry::Copies(_) => 2,
                Entry::Related(_) => 3,
            },
        })
        .collect();
    to_js(&wire)
}

#[wasm_bindgen]
impl Engine {
    /// Opens the parts of a segmented index, in the manifest's order, from their files back to
    /// back in `cores`, each `lengths[i]` bytes, `kinds[i]` as `parseManifest` gives it (a
    /// segment's or a removal's core, or a segment's copies or related stories). A segment's
    /// related stories of length 0 are left out, for `addRelated` to bring when a request
    /// needs them.
    pub fn open(kinds: Vec<u8>, lengths: Vec<u32>, cores: Vec<u8>) -> Result<Engine, JsValue> {
        if kinds.len() != lengths.len()
            || lengths.iter().map(|&l| l as usize).sum::<usize>() != cores.len()
        {
            return Err(argument_error(
                "newsdex: open() takes a kind and a length for each core, and the cores",
            ));
        }
        let mut parts = Vec::with_capacity(lengths.len());
        let mut packs = Vec::with_capacity(lengths.len());
        let (mut at, mut pack) = (0usize, 0u64);
        let (mut segments, mut pending) = (0usize, Vec::new());
        for (&kind, &length) in kinds.iter().zip(&lengths) {
            let bytes = &cores[at..at + length as usize];
            at += length as usize;
            match kind {
                0 => segments += 1,
                2 => parts.push(Part::Copies(Copies::parse(bytes).map_err(js_error)?)),
                3 if length == 0 => match segments.checked_sub(1) {
                    Some(segment) => pending.push(segment),
                    None => {
                        return Err(argument_error(
                            "newsdex: open() takes related stories after a segment",
                        ))
                    }
                },
                3 => parts.push(Part::Related(Related::parse(bytes).map_err(js_error)?)),
                _ => {}
            }
            if kind >= 2 {
                continue;
            }
            let core = Sharded::open(bytes.to_vec().into_boxed_slice()).map_err(js_error)?;
            let end = pack + core.index().chunks().map_or(0, |c| c.pack_bytes());
            packs.push(pack..end);
            pack = end;
            parts.push(match kind {
                0 => Part::Segment(core),
                _ => Part::Removed(core),
            });
        }
        Ok(Engine {
            index: Segmented::open(parts).map_err(js_error)?,
            packs,
            pending,
        })
    }

    /// Brings the related stories left out at opening, each to its segment: their files back to
    /// back in `bytes`, each `lengths[i]` bytes, in the manifest's order.
    #[wasm_bindgen(js_name = addRelated)]
    pub fn add_related(&mut self, lengths: Vec<u32>, bytes: Vec<u8>) -> Result<(), JsValue> {
        if lengths.len() != self.pending.len()
            || lengths.iter().map(|&l| l as usize).sum::<usize>() != bytes.len()
        {
            return Err(argument_error(
                "newsdex: addRelated() takes a length for each related file left out at opening, and the files",
            ));
        }
        let mut at = 0usize;
        let mut found = Vec::with_capacity(lengths.len());
        for &length in &lengths {
            found.push(Related::parse(&bytes[at..at + length as usize]).map_err(js_error)?);
            at += length as usize;
        }
        for (&segment, related) in self.pending.iter().zip(found) {
            self.index.add_related(segment, related).map_err(js_error)?;
        }
        self.pending.clear();
        Ok(())
    }

    /// Searches, as the search module's engine, the ranges of `{ needs }` in the parts' packs
    /// addressed as one.
    pub fn search(&self, query: &str, options: JsValue) -> Result<JsValue, JsValue> {
        let options = search_options(options)?;
        let started = now();
        self.answer(self.index.search(query, &options), |mut results| {
            results.took_ms = now() - started;
            to_js(&WireResults::from(&results))
        })
    }

    /// The live article with `id`, the matches of `options.query` marked.
    pub fn article(&self, id: &str, options: JsValue) -> Result<JsValue, JsValue> {
        let options = options_object(options)?;
        let query = string_option(&options, "query")?;
        self.answer(self.index.article(id, query.as_deref()), |article| {
            to_js(&WireArticle::from(&article))
        })
    }

    /// Completions of words over every segment, and entities by name.
    pub fn suggest(&self, text: &str) -> Result<JsValue, JsValue> {
        self.answer(self.index.suggest(text), |suggestions| {
            to_js(&WireSuggestions::from(&suggestions))
        })
    }

    /// The entity with `id` over every segment (`options.details`, default true, for its
    /// timeline and related entities).
    pub fn entity(&self, id: &str, options: JsValue) -> Result<JsValue, JsValue> {
        let options = options_object(options)?;
        let details = flag_option(&options, "details", true)?;
        self.answer(self.index.entity(id, details), |entity| {
            to_js(&WireEntity::from(&entity))
        })
    }

    /// The stories most like article `id`, over every segment when the segments have related
    /// files (`options.limit`, default 5); an error (code `NotFetched`) while those left out at
    /// opening have not come (`addRelated`).
    pub fn related(&self, id: &str, options: JsValue) -> Result<JsValue, JsValue> {
        if !self.pending.is_empty() {
            return Err(coded_error(
                "NotFetched",
                "newsdex: related stories across segments read the segments' related files: use `await dex.relatedAsync(...)`, which fetches them",
            ));
        }
        let options = options_object(options)?;
        let limit = count_option(&options, "limit", 5)?;
        self.answer(self.index.related(id, limit), |hits| {
            to_js(&hits.iter().map(WireHit::from).collect::<Vec<_>>())
        })
    }

    /// The ids of the other copies of article `id`'s story, found by its segment's build.
    pub fn duplicates(&self, id: &str) -> Result<JsValue, JsValue> {
        self.answer(self.index.duplicates(id), |ids| to_js(&ids))
    }

    /// Links the recogniser's names to the entities of every segment, as the search module's
    /// engine does to one index's.
    pub fn link(&self, names: JsValue) -> Result<JsValue, JsValue> {
        match link_names(names, |kind, text| self.index.link(kind, text))? {
            Ok(list) => Ok(list),
            Err(missing) => self.needs(&missing),
        }
    }

    /// The matches of `query` in any `text`, its words' completions and misspellings chosen
    /// over every segment.
    pub fn marks(&self, text: &str, query: &str) -> Result<JsValue, JsValue> {
        self.answer(self.index.marks(text, query), |marks| {
            to_js(&newsdex::wire::utf16_marks(text, &marks))
        })
    }

    /// The analyser's tokens of `text`: `[{ term, start, end }]` with UTF-16 offsets.
    pub fn analyze(&self, text: &str) -> Result<JsValue, JsValue> {
        to_js(&newsdex::wire::tokens(text))
    }

    /// Each part's chunk files, `[{ name, chunkBytes, count, packBytes, files, offset }]`
    /// (`offset`: where its pack starts among them all; a part without chunks has none).
    pub fn parts(&self) -> Result<JsValue, JsValue> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct WirePart {
            name: String,
            chunk_bytes: u64,
            count: u64,
            pack_bytes: u64,
            files: Vec<String>,
            offset: u64,
        }
        let parts: Vec<WirePart> = (0..self.packs.len())
            .filter_map(|part| {
                let chunks = self.index.part(part)?.index().chunks()?;
                Some(WirePart {
                    name: chunks.name.clone(),
                    chunk_bytes: chunks.chunk_bytes,
                    count: chunks.count(),
                    pack_bytes: chunks.pack_bytes(),
                    files: (0..chunks.count()).map(|k| chunks.file_name(k)).collect(),
                    offset: self.packs[part].start,
                })
            })
            .collect();
        to_js(&parts)
    }

    /// Keeps `bytes` as the bytes of the packs, addressed as one, from `start` on (within one
    /// part's).
    pub fn supply(&mut self, start: f64, bytes: Vec<u8>) -> Result<(), JsValue> {
        let place = whole_offset(start)
            .then(|| self.part_at(start as u64))
            .flatten();
        let Some((part, offset)) = place else {
            return Err(argument_error(
                "newsdex: supply() takes a whole, non-negative start offset",
            ));
        };
        self.index
            .supply(part, start as u64 - offset, bytes)
            .map_err(js_error)
    }

    /// How many fetched chunk bytes are kept, over every part.
    #[wasm_bindgen(js_name = fetchedBytes)]
    pub fn fetched_bytes(&self) -> f64 {
        self.index.fetched_bytes() as f64
    }

    /// Drops the fetched chunk bytes outside `keep`, `[start, end, …]` of the packs addressed
    /// as one (each range within one part's, as asked for).
    pub fn retain(&mut self, keep: Vec<f64>) -> Result<(), JsValue> {
        let mut kept = Vec::new();
        for pair in keep.chunks(2) {
            let range = match *pair {
                [start, end] if whole_offset(start) && whole_offset(end) && start <= end => {
                    self.part_at(start as u64).map(|(part, offset)| PartRange {
                        part,
                        range: start as u64 - offset..end as u64 - offset,
                    })
                }
                _ => None,
            };
            kept.push(range.ok_or_else(|| {
                argument_error("newsdex: retain() takes pairs of whole, non-negative offsets")
            })?);
        }
        self.index.retain(&kept);
        Ok(())
    }

    /// Figures about the index, as [`Segmented::stats`] gives them.
    pub fn stats(&self) -> Result<JsValue, JsValue> {
        to_js(&self.index.stats())
    }
}
