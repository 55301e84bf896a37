//! The one integration-test binary, as ripgrep has it: every file beside
//! this one is a module of it, so the suite links once natively and once for
//! Windows instead of once per file. `scripts/test.sh` runs the modules one
//! after another (`cargo test --test main -- MODULE::`), as the separate
//! binaries ran before: tests of one module run in parallel, tests of two
//! modules never meet on the shared X display, clipboard and session bus.

mod common;

mod accessibility;
mod add_import_linux;
mod auto_backup;
mod autostart;
mod cli;
mod clock;
mod closed_stdout;
mod code_from_tray;
mod fault_injection;
mod firstrun;
mod formats_fuzz;
mod forms;
mod hardening;
mod help;
mod hotkey_action_linux;
mod hotkey_linux;
mod ime_linux;
mod import_keepass_key_file;
mod input_windows;
mod interop;
mod interop_peers;
mod layers;
mod lean_cli;
mod log_file;
mod paste_keys;
mod program;
mod readable;
mod reference_totp;
mod review_findings;
mod settings;
mod settings_form;
mod setup_numbers;
mod toasts_linux;
mod transfer;
mod tray;
mod type_windows;
