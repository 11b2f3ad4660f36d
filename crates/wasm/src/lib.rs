//! newsdex's JavaScript edge, the only crate that names `wasm_bindgen`. It converts options from
//! and results to JavaScript values, and errors to `Error`s whose messages start with `newsdex:`;
//! the work happens in the `newsdex` engine and the builder.
//!
//! One crate, two modules, chosen by feature:
//! - `search` (default): [`search::Engine`], everything `Newsdex.load`, `Newsdex.open` and
//!   `<newsdex-search>` need. It holds no recogniser model and no gazetteers.
//! - `recogniser`: the tagger and the index builder (`tag`, `buildArticles`, `buildFiles`),
//!   fetched by the npm wrapper only on first need.

#[cfg(target_arch = "wasm32")]
mod js;
#[cfg(all(target_arch = "wasm32", feature = "recogniser"))]
mod recogniser;
#[cfg(all(target_arch = "wasm32", feature = "search"))]
mod search;

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
fn start() {
    #[cfg(feature = "console_error_panic_hook")]
    console_error_panic_hook::set_once();
}
