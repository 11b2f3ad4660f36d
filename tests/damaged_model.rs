//! Damaged NER models are refused with the error that names the damage: every flipped bit and
//! every truncation of a small model trained here from the hand-written CoNLL fixture, and the
//! header and a stride sample of the shipped model. Payloads forged to pass the checksum are
//! refused as corrupt or load as a (different) model that tags text without panicking: the
//! checksum finds accidents, not forgeries (SECURITY.md).

use newsdex_ner::{train, Error, ErrorKind, Model, SectionKind, TrainOptions};

use crate::support::repo;

/// Label (12 bytes), version (u16), payload length (u64); the checksum is the last 8 bytes.
const HEADER: usize = 22;
const CHECKSUM: usize = 8;

fn tiny_model() -> Vec<u8> {
    let conll = std::fs::read_to_string(repo("crates/ner/tests/fixtures/tiny.conll")).unwrap();
    let options = TrainOptions {
        stage1_epochs: 2,
        stage2_epochs: 2,
        folds: 2,
        ..TrainOptions::default()
    };
    train(&conll, &conll, &options, &mut |_| {})
        .unwrap()
        .0
        .to_bytes()
}

fn refused(bytes: &[u8]) -> Error {
    match Model::from_bytes(bytes) {
        Ok(_) => panic!("damaged model bytes were accepted"),
        Err(error) => error,
    }
}

/// Flips `bit` of byte `at` and checks the error names what that byte holds.
fn check_flip(model: &[u8], at: usize, bit: u8) {
    let mut damaged = model.to_vec();
    damaged[at] ^= bit;
    let error = refused(&damaged);
    let message = error.to_string();
    let right = match at {
        0..12 => message == "newsdex: not a newsdex NER model (wrong label)",
        12..14 => {
            message.starts_with("newsdex: NER model format version ")
                && message.ends_with(" is not supported (expected 2)")
        }
        // A longer payload than there are bytes, or bytes left after the checksum.
        14..HEADER => {
            matches!(error.kind(), ErrorKind::Truncated { got, .. } if *got == model.len())
                || message.starts_with("newsdex: NER model is corrupt: ")
                    && message.ends_with(" bytes after the checksum")
        }
        _ => {
            message.starts_with("newsdex: NER model checksum mismatch (stored ")
                && message.ends_with("): the file is damaged")
        }
    };
    assert!(
        right,
        "flipping bit {bit:#x} of byte {at} of {}: {message}",
        model.len()
    );
}

#[test]
fn every_flipped_bit_of_a_small_model_is_refused_with_its_reason() {
    let model = tiny_model();
    assert!(Model::from_bytes(&model).is_ok());
    for at in 0..model.len() {
        for bit in 0..8 {
            check_flip(&model, at, 1 << bit);
        }
    }
}

#[test]
fn every_truncation_of_a_small_model_is_refused_as_truncated() {
    let model = tiny_model();
    for len in 0..model.len() {
        let error = refused(&model[..len]);
        assert!(
            matches!(error.kind(), ErrorKind::Truncated { got, .. } if *got == len),
            "{len}: {error}"
        );
        assert!(
            error
                .to_string()
                .starts_with("newsdex: NER model is truncated: needs "),
            "{error}"
        );
    }
}

#[test]
fn the_shipped_model_refuses_a_damaged_header_and_a_sample_of_damaged_bytes() {
    let model = std::fs::read(repo("crates/ner/model/newsdex-ner.model")).unwrap();
    assert!(model.len() > 1_000_000);
    let sample = (0..HEADER)
        .chain((HEADER..model.len()).step_by(997))
        .chain(model.len() - CHECKSUM..model.len());
    for at in sample {
        check_flip(&model, at, 0x01);
        check_flip(&model, at, 0x80);
    }
    for len in [0, 11, HEADER, model.len() / 2, model.len() - 1] {
        assert!(
            matches!(refused(&model[..len]).kind(), ErrorKind::Truncated { .. }),
            "{len}"
        );
    }
}

/// Recomputes the checksum of a model file, as a forger would.
fn reseal(bytes: &mut [u8]) {
    let end = bytes.len() - CHECKSUM;
    let sum = xxhash_rust::xxh3::xxh3_64(&bytes[..end]);
    bytes[end..].copy_from_slice(&sum.to_le_bytes());
}

#[test]
fn forged_payloads_are_refused_as_corrupt_or_tag_without_panicking() {
    let model = tiny_model();
    let text = "John Kerry met Sergei Lavrov in Geneva on Friday.";
    let (mut refused_count, mut loaded) = (0, 0);
    for at in HEADER..model.len() - CHECKSUM {
        for change in [0x01, 0x80, 0xFF] {
            let mut forged = model.clone();
            forged[at] ^= change;
            reseal(&mut forged);
            match Model::from_bytes(&forged) {
                Err(error) => {
                    refused_count += 1;
                    assert!(
                        error
                            .to_string()
                            .starts_with("newsdex: NER model is corrupt: "),
                        "byte {at}: {error}"
                    );
                }
                Ok(forged_model) => {
                    loaded += 1;
                    let found = forged_model.tag_sections(&[
                        (SectionKind::Headline, "KERRY IN GENEVA"),
                        (SectionKind::Text, text),
                    ]);
                    assert!(found[1].iter().all(|m| m.start < m.end
                        && m.end <= text.len()
                        && text.is_char_boundary(m.start)));
                }
            }
        }
    }
    // Both outcomes occur: the structure is checked, and weights are not (nothing could tell).
    assert!(
        refused_count > 0 && loaded > 0,
        "{refused_count} refused, {loaded} loaded"
    );
}
