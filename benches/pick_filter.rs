//! The quick picker's search, measured: folding the accounts' names once
//! (when the picker opens or the vault changes) and filtering them for each
//! keystroke, at 1 000 accounts. Run with `cargo bench --bench pick_filter`;
//! figures go in `docs/benchmarks.md`, never into test assertions.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use trayotp::domain::AccountList;
use trayotp::domain::search::{SearchIndex, fold};
use trayotp::domain::setup_key::{self, ParamOverrides};

const KEY: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// Names like real ones: kanji and kana, full-width Latin, and an issuer.
fn accounts(count: usize) -> AccountList {
    let issuers = [
        "SBI証券",
        "楽天証券",
        "マネックス証券",
        "ＳＭＢＣ日興証券",
        "auカブコム証券",
    ];
    let mut list = AccountList::default();
    for i in 0..count {
        let issuer = issuers[i % issuers.len()];
        let uri = format!(
            "otpauth://totp/x?secret={KEY}&issuer={}",
            percent_encoding::utf8_percent_encode(issuer, percent_encoding::NON_ALPHANUMERIC)
        );
        let parsed = setup_key::parse(&uri, ParamOverrides::default()).expect("key");
        list.add(&format!("みつびし たろう {i} ﾀﾛｳ"), parsed).expect("name");
    }
    list
}

fn pick_filter(c: &mut Criterion) {
    let mut group = c.benchmark_group("pick");
    for count in [100usize, 1000] {
        let list = accounts(count);
        group.bench_with_input(BenchmarkId::new("index", count), &list, |b, list| {
            b.iter(|| black_box(SearchIndex::new(list)))
        });
        let index = SearchIndex::new(&list);
        // One keystroke each: a common prefix (most match), a rarer word
        // in another script (few match), and two words.
        for query in ["ミツ", "ﾏﾈｯｸｽ", "タロウ 999"] {
            group.bench_with_input(
                BenchmarkId::new(format!("filter {query}"), count),
                &index,
                |b, index| b.iter(|| black_box(index.filter(black_box(query)))),
            );
        }
    }
    group.bench_function("fold one name", |b| {
        b.iter(|| black_box(fold(black_box("ＳＢＩ証券 みつびし ﾀﾛｳ"))))
    });
    group.finish();
}

criterion_group!(benches, pick_filter);
criterion_main!(benches);
