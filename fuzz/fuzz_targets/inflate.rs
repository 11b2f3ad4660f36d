//! Raw DEFLATE streams, any bytes, inflated by `newsdex_format::inflate` and by `miniz_oxide`,
//! whose reader it replaced: both must accept the same streams with the same text and refuse
//! the same ones, for any length the record could give. The first two bytes of the input are
//! that length; when the rest inflates whole, the length it inflates to is tried as well.
#![no_main]

use libfuzzer_sys::fuzz_target;
use miniz_oxide::inflate::decompress_to_vec_with_limit;
use newsdex_format::inflate::inflate;

fn check(stream: &[u8], len: usize) {
    let ours = inflate(stream, len).ok();
    let theirs = decompress_to_vec_with_limit(stream, len)
        .ok()
        .filter(|text| text.len() == len);
    assert_eq!(ours, theirs, "a stream of {} bytes, length {len}", stream.len());
}

fuzz_target!(|data: &[u8]| {
    let Some((len, stream)) = data.split_first_chunk::<2>() else {
        return;
    };
    check(stream, usize::from(u16::from_le_bytes(*len)));
    if let Ok(text) = decompress_to_vec_with_limit(stream, 1 << 20) {
        check(stream, text.len());
    }
});
