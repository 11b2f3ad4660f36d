//! newsdex's JavaScript edge, the only crate that names `wasm_bindgen`. It converts options from
//! and results to JavaScript values, and errors to `Error`s whose messages start with `newsdex:`;
//! the work happens in the `newsdex` engine and the builder.
//!
//! One crate, several modules, chosen by feature (`lite` narrows `search` to the first module):
//! - `search` (default): [`search::Engine`], everything `Newsdex.load`, `Newsdex.open` and
//!   `<newsdex-search>` need. It holds no recogniser model and no gazetteers.
//! - `recogniser`: the tagger and the index builder (`tag`, `buildArticles`, `buildFiles`),
//!   fetched by the npm wrapper only on first need.
//! - `segments`: [`segments::Engine`], a segmented index (a manifest of segments), fetched by
//!   the npm wrapper when `Newsdex.open` meets a manifest.

#[cfg(target_arch = "wasm32")]
mod js;
#[cfg(all(target_arch = "wasm32", feature = "search"))]
mod options;
#[cfg(all(target_arch = "wasm32", feature = "recogniser"))]
mod recogniser;
#[cfg(all(target_arch = "wasm32", feature = "search", not(feature = "segments")))]
mod search;
#[cfg(all(target_arch = "wasm32", feature = "segments"))]
mod segments;
#[cfg(target_arch = "wasm32")]
mod tape;

/// Set by the panic hook, so that JavaScript can tell a trap after a panic (a bug) from one
/// without: Rust aborts on a failed allocation without running the hook.
#[cfg(target_arch = "wasm32")]
static PANICKED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
fn start() {
    std::panic::set_hook(Box::new(|_info| {
        PANICKED.store(true, std::sync::atomic::Ordering::Relaxed);
        #[cfg(feature = "console_error_panic_hook")]
        console_error_panic_hook::hook(_info);
    }));
}

/// Whether the module panicked since this was last asked.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(js_name = tookPanic)]
pub fn took_panic() -> bool {
    PANICKED.swap(false, std::sync::atomic::Ordering::Relaxed)
}

/// The size of the module's memory in bytes (it only grows).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    core::arch::wasm32::memory_size(0) as f64 * 65536.0
}

/// Talc rather than the standard library's dlmalloc: 2.3 KB brotli smaller, and faster by
/// talc's WebAssembly benchmarks.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
