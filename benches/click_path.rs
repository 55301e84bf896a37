//! The tray's click path, measured: from a menu click (or `trayotp copy
//! NAME`) to the effects the shell carries out, code generation included.
//! Run with `cargo bench --bench click_path`; figures go in
//! `docs/benchmarks.md`, never into test assertions.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use trayotp::app::{App, AppConfig, Event, LastSecondsPolicy};
use trayotp::domain::AccountList;
use trayotp::domain::setup_key::{self, ParamOverrides};

const KEY: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
/// Ten seconds into a 60 s step: a click copies at once.
const NOW: u64 = 1_764_000_010_000;

fn accounts(count: usize) -> AccountList {
    let mut list = AccountList::default();
    for i in 0..count {
        let parsed = setup_key::parse(KEY, ParamOverrides::default()).expect("key");
        list.add(&format!("口座 {i}"), parsed).expect("name");
    }
    list
}

fn started(count: usize) -> App {
    let mut app = App::new(AppConfig {
        last_seconds: LastSecondsPolicy::WaitForNext,
        ..AppConfig::default()
    });
    app.handle(Event::Started(accounts(count)), NOW);
    app
}

fn click_path(c: &mut Criterion) {
    let mut group = c.benchmark_group("click");
    for count in [1usize, 50, 1000] {
        // Menu click on the last account, then the clipboard's confirmation.
        group.bench_with_input(BenchmarkId::new("menu", count), &count, |b, &count| {
            let mut app = started(count);
            b.iter(|| {
                black_box(app.handle(Event::AccountClicked(count - 1), NOW));
                black_box(app.handle(Event::ClipboardSet { ok: true }, NOW + 5))
            });
        });
        // `trayotp copy NAME`: the same plus the name lookup.
        let name = format!("口座 {}", count - 1);
        group.bench_with_input(BenchmarkId::new("by-name", count), &count, |b, _| {
            let mut app = started(count);
            b.iter(|| {
                black_box(app.handle(Event::CopyRequested(name.clone()), NOW));
                black_box(app.handle(Event::ClipboardSet { ok: true }, NOW + 5))
            });
        });
    }
    group.finish();

    let mut group = c.benchmark_group("reload");
    for count in [1usize, 50, 1000] {
        let list = accounts(count);
        group.bench_with_input(BenchmarkId::new("menu-rebuild", count), &count, |b, _| {
            let mut app = started(count);
            b.iter(|| black_box(app.handle(Event::VaultReloaded(list.clone()), NOW)));
        });
    }
    group.finish();
}

criterion_group!(benches, click_path);
criterion_main!(benches);
