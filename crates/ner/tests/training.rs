//! Training on a small hand-written fixture: determinism and error reporting.

use newsdex_ner::{evaluate, train, train_with_silver, ErrorKind, Model, TrainOptions};

const TINY: &str = include_str!("fixtures/tiny.conll");

fn options() -> TrainOptions {
    TrainOptions {
        stage1_epochs: 3,
        stage2_epochs: 3,
        folds: 2,
        ..TrainOptions::default()
    }
}

#[test]
fn training_is_deterministic() {
    let (a, report_a) = train(TINY, TINY, &options(), &mut |_| {}).unwrap();
    let (b, report_b) = train(TINY, TINY, &options(), &mut |_| {}).unwrap();
    let bytes = a.to_bytes();
    assert_eq!(bytes, b.to_bytes());
    assert_eq!(report_a, report_b);
    // The saved model reads back to the same model and scores the same.
    let loaded = Model::from_bytes(&bytes).unwrap();
    assert_eq!(loaded, a);
    assert_eq!(evaluate(&loaded, TINY).unwrap(), report_a);
    // It learnt its training data.
    assert!(report_a.overall().f1() > 0.8, "{report_a}");
}

#[test]
fn training_in_several_orders_is_deterministic() {
    let several = TrainOptions {
        orders: 3,
        ..options()
    };
    let (a, report) = train(TINY, TINY, &several, &mut |_| {}).unwrap();
    let (b, _) = train(TINY, TINY, &several, &mut |_| {}).unwrap();
    assert_eq!(a.to_bytes(), b.to_bytes());
    assert!(report.overall().f1() > 0.8, "{report}");
    // The orders' mean is not any one order's model.
    let one = TrainOptions {
        orders: 1,
        ..options()
    };
    let (single, _) = train(TINY, TINY, &one, &mut |_| {}).unwrap();
    assert_ne!(a.to_bytes(), single.to_bytes());
}

#[test]
fn training_reports_bad_input() {
    let err = train("", TINY, &options(), &mut |_| {}).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::NoTrainingData);
    let err = train(
        "Alpha NNP I-NP I-PER\nBeta NNP\n",
        TINY,
        &options(),
        &mut |_| {},
    )
    .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Conll { line: 2, .. }),
        "{err}"
    );
    assert_eq!(err.file(), Some("train"));
    assert!(err.to_string().starts_with("newsdex: train:2: "), "{err}");
    assert!(err
        .in_file("x.conll")
        .to_string()
        .starts_with("newsdex: x.conll:2: "));
    let err = train(TINY, "x\n", &options(), &mut |_| {}).unwrap_err();
    assert_eq!(err.file(), Some("dev"));
}

/// Silver documents are trained on, and a hand-labelled sentence's weight changes the model; no
/// silver is plain training; a bad silver file is named.
#[test]
fn training_with_silver_data() {
    let (plain, _) = train(TINY, TINY, &options(), &mut |_| {}).unwrap();
    let (none, _) = train_with_silver(TINY, "", TINY, &options(), &mut |_| {}).unwrap();
    assert_eq!(plain.to_bytes(), none.to_bytes());
    let silver =
        "-DOCSTART- -X- O O\n\nZorvath _ _ B-ORG\nIndustries _ _ I-ORG\nrose _ _ O\n. _ _ O\n";
    let (with, _) = train_with_silver(TINY, silver, TINY, &options(), &mut |_| {}).unwrap();
    assert_ne!(with.to_bytes(), plain.to_bytes());
    let heavy = TrainOptions {
        gold_weight: 3,
        ..options()
    };
    let (weighted, _) = train_with_silver(TINY, silver, TINY, &heavy, &mut |_| {}).unwrap();
    assert_ne!(weighted.to_bytes(), with.to_bytes());
    let (again, _) = train_with_silver(TINY, silver, TINY, &heavy, &mut |_| {}).unwrap();
    assert_eq!(weighted.to_bytes(), again.to_bytes());
    let err = train_with_silver(
        TINY,
        "Zorvath _ _ B-ORG\nrose\n",
        TINY,
        &options(),
        &mut |_| {},
    )
    .unwrap_err();
    assert_eq!(err.file(), Some("silver"));
    assert!(
        matches!(err.kind(), ErrorKind::Conll { line: 2, .. }),
        "{err}"
    );
}
