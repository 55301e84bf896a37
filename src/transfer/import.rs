//! Another app's export read for the forms ("From a file of another
//! app…", ほかのアプリのファイルから…, in the Add form, `gui::add_import`):
//! by the same readers as `trayotp import FILE` (`crate::formats`, the
//! format found by itself), and what the import did summed up as the lines
//! the form shows. Plain Rust, no widgets and no vault: [`read`] turns a
//! file's bytes and the password typed (if any) into accounts or a
//! [`Failure`]; [`Done::new`] sums up what the merge did; [`lines`] turns
//! either into the report's lines, the same facts the command line prints
//! (what was added; each entry left out, by name, with its reason; the
//! duplicates; one line for a refusal). `crate::i18n` words each line, so
//! these types sit below it; the form merges through its own store.

use std::cell::Cell;
use std::path::Path;

use zeroize::Zeroizing;

use crate::domain::merge::MergeOutcome;
use crate::formats::{self, FormatError, FormatId, Imported, SkipReason, Skipped};
use crate::protect::ProtectError;
use crate::protect::passphrase::{PassphrasePrompt, PassphrasePurpose};

/// At most this many entries are named one by one (as the command line
/// prints at most 20 "skipped" lines); the rest are counted.
pub const MAX_NAMED: usize = 20;

/// Why nothing was added from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The file could not be opened or read.
    Unreadable,
    /// Larger than any export ([`formats::MAX_FILE_BYTES`]).
    TooLarge,
    /// No reader knows it.
    UnknownFormat,
    /// The password typed does not open it.
    WrongPassword,
    /// The reader refused it: the reader's own one line (English), which
    /// names the problem and what to do.
    Refused(String),
    /// The vault could not be written: its own one line.
    NotSaved(String),
    /// The first account makes a passphrase vault: its new passphrase,
    /// above, is not chosen yet.
    NewPassphraseFirst,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    pub format: FormatId,
    /// The names added (as they are now in the vault).
    pub added: Vec<String>,
    /// Each entry the reader left out: its name, and the command line's line.
    pub skipped: Vec<(String, SkipKind, String)>,
    /// Each account not added because it, or its name, is already there.
    pub duplicates: Vec<MergeOutcome>,
    /// The reader's notes (a short key, …), as the command line prints them.
    pub notes: Vec<String>,
    /// Whether the file was encrypted (if not, the user is told to delete it).
    pub encrypted: bool,
}

/// Why an entry was left out, in the words the form uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipKind {
    /// A code that changes with a counter, Steam's, or another kind.
    OtherKind,
    /// Its key, digits, period or algorithm cannot be used.
    Unusable,
    /// Anything else.
    Other,
}

impl SkipKind {
    fn of(reason: &SkipReason) -> Self {
        match reason {
            SkipReason::Hotp | SkipReason::Steam | SkipReason::OtherType(_) => SkipKind::OtherKind,
            SkipReason::BadKey(_) => SkipKind::Unusable,
            SkipReason::Other(_) => SkipKind::Other,
        }
    }
}

impl Done {
    /// What importing `imported` (read from a `format` file) did, given the
    /// outcome of the merge of its accounts.
    pub fn new(format: FormatId, imported: &Imported, outcomes: &[MergeOutcome]) -> Self {
        let skipped = imported
            .skipped
            .iter()
            .map(|Skipped { name, reason }| {
                let line = Skipped {
                    name: name.clone(),
                    reason: clone_reason(reason),
                }
                .to_string();
                (name.clone(), SkipKind::of(reason), line)
            })
            .collect();
        Done {
            format,
            added: outcomes
                .iter()
                .filter_map(|outcome| match outcome {
                    MergeOutcome::Added { name }
                    | MergeOutcome::Renamed { name, .. }
                    | MergeOutcome::Replaced { name } => Some(name.clone()),
                    _ => None,
                })
                .collect(),
            skipped,
            duplicates: outcomes.iter().filter(|o| !o.is_added()).cloned().collect(),
            notes: imported.warnings.clone(),
            encrypted: imported.encrypted,
        }
    }
}

fn clone_reason(reason: &SkipReason) -> SkipReason {
    match reason {
        SkipReason::Hotp => SkipReason::Hotp,
        SkipReason::Steam => SkipReason::Steam,
        SkipReason::OtherType(kind) => SkipReason::OtherType(kind.clone()),
        SkipReason::BadKey(error) => SkipReason::BadKey(error.clone()),
        SkipReason::Other(text) => SkipReason::Other(text.clone()),
    }
}

/// What reading the file gave.
#[derive(Debug)]
pub enum Read {
    Accounts {
        format: FormatId,
        imported: Imported,
    },
    /// The file is encrypted, and no password was typed yet.
    NeedsPassword(FormatId),
    Failed(Failure),
}

/// The password typed in the form, handed to the reader when it asks.
struct TypedPassword<'a> {
    typed: Option<&'a Zeroizing<String>>,
    asked: Cell<bool>,
}

impl PassphrasePrompt for TypedPassword<'_> {
    fn passphrase(&self, _: PassphrasePurpose) -> Result<Zeroizing<String>, ProtectError> {
        self.asked.set(true);
        match self.typed {
            Some(typed) if !typed.is_empty() => Ok(typed.clone()),
            _ => Err(ProtectError::NoPassphrase("")),
        }
    }
}

/// Reads `bytes` as `trayotp import FILE` does (the format found by
/// itself), with `password` if the file asks for one.
pub fn read(bytes: &[u8], password: Option<&Zeroizing<String>>) -> Read {
    let Some(reader) = formats::detect(bytes) else {
        return Read::Failed(Failure::UnknownFormat);
    };
    let format = reader.id();
    let prompt = TypedPassword {
        typed: password,
        asked: Cell::new(false),
    };
    match reader
        .import(bytes, &prompt)
        .and_then(|imported| imported.within_limit(format))
    {
        Ok(imported) => Read::Accounts { format, imported },
        Err(FormatError::Protect(ProtectError::NoPassphrase(_) | ProtectError::EmptyPassphrase))
            if prompt.asked.get() =>
        {
            Read::NeedsPassword(format)
        }
        Err(FormatError::WrongPassphrase { .. } | FormatError::Protect(ProtectError::WrongPassphrase)) => {
            Read::Failed(Failure::WrongPassword)
        }
        // A reader that cannot tell a wrong password from another file
        // (andOTP's, which has no header) says "wrong passphrase, or …":
        // the command line's line starts the same, and so does the form's.
        Err(error) if prompt.asked.get() && error.to_string().starts_with("wrong passphrase") => {
            Read::Failed(Failure::WrongPassword)
        }
        Err(error) => Read::Failed(Failure::Refused(error.to_string())),
    }
}

/// Reads the file at `path`, refusing one larger than any export.
pub fn read_file(path: &Path) -> Result<Zeroizing<Vec<u8>>, Failure> {
    super::read_limited(path).map_err(|error| match error {
        super::TransferError::TooLarge(_) => Failure::TooLarge,
        _ => Failure::Unreadable,
    })
}

/// One line of the report the form shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// What was added, by name (none: nothing was), and the file's format.
    Added { format: FormatId, names: Vec<String> },
    /// An entry the reader left out: its name, why, and the command line's line.
    Skipped { name: String, kind: SkipKind, line: String },
    /// An account already there, or whose name another account has.
    Duplicate(MergeOutcome),
    /// This many more left out, past those named.
    More(usize),
    /// The reader's notes, as the command line prints them.
    Notes(Vec<String>),
    /// The file is not encrypted: delete it once it is no longer needed.
    NotEncrypted,
    /// Nothing was added.
    Failed(Failure),
}

impl Line {
    /// Whether the line says that something went wrong or was left out
    /// (rather than what was added).
    pub fn is_error(&self) -> bool {
        matches!(self, Line::Failed(_))
    }

    pub fn is_info(&self) -> bool {
        matches!(self, Line::Added { .. })
    }
}

/// The lines the form shows for what the import did, in order: what was
/// added, each entry left out (at most [`MAX_NAMED`] by name, then a
/// count), each duplicate, the notes, and the advice to delete a file that
/// is not encrypted; or the one line of a refusal.
pub fn lines(result: &Result<Done, Failure>) -> Vec<Line> {
    let done = match result {
        Ok(done) => done,
        Err(failure) => return vec![Line::Failed(failure.clone())],
    };
    let mut out = vec![Line::Added {
        format: done.format,
        names: done.added.clone(),
    }];
    for (name, kind, line) in done.skipped.iter().take(MAX_NAMED) {
        out.push(Line::Skipped {
            name: name.clone(),
            kind: *kind,
            line: line.clone(),
        });
    }
    let room = MAX_NAMED.saturating_sub(done.skipped.len());
    out.extend(done.duplicates.iter().take(room).cloned().map(Line::Duplicate));
    let left_out = done.skipped.len() + done.duplicates.len();
    if left_out > MAX_NAMED {
        out.push(Line::More(left_out - MAX_NAMED));
    }
    if !done.notes.is_empty() {
        out.push(Line::Notes(done.notes.clone()));
    }
    if !done.encrypted {
        out.push(Line::NotEncrypted);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::SetupKeyError;

    fn imported(skipped: Vec<Skipped>, warnings: Vec<String>, encrypted: bool) -> Imported {
        Imported {
            skipped,
            warnings,
            encrypted,
            ..Imported::default()
        }
    }

    #[test]
    fn the_report_names_what_was_added_what_was_left_out_and_the_duplicates() {
        let file = imported(
            vec![
                Skipped {
                    name: "Issuu: James".into(),
                    reason: SkipReason::Hotp,
                },
                Skipped {
                    name: "Short: key".into(),
                    reason: SkipReason::BadKey(SetupKeyError::Empty),
                },
            ],
            vec!["'Seven': the key is only 80 bits long".into()],
            false,
        );
        let already = MergeOutcome::AlreadyPresent {
            name: "SPDX: James".into(),
            existing: "SPDX".into(),
        };
        let taken = MergeOutcome::NameTaken {
            name: "Airbnb: Elijah".into(),
        };
        let outcomes = vec![
            MergeOutcome::Added {
                name: "Deno: Mason".into(),
            },
            already.clone(),
            taken.clone(),
        ];
        let done = Done::new(FormatId::Aegis, &file, &outcomes);
        assert_eq!(
            lines(&Ok(done)),
            [
                Line::Added {
                    format: FormatId::Aegis,
                    names: vec!["Deno: Mason".into()]
                },
                Line::Skipped {
                    name: "Issuu: James".into(),
                    kind: SkipKind::OtherKind,
                    line: "skipped 'Issuu: James': HOTP (counter-based) accounts are not supported, only time-based (TOTP) ones"
                        .into()
                },
                Line::Skipped {
                    name: "Short: key".into(),
                    kind: SkipKind::Unusable,
                    line: format!("skipped 'Short: key': {}", SetupKeyError::Empty)
                },
                Line::Duplicate(already),
                Line::Duplicate(taken),
                Line::Notes(vec!["'Seven': the key is only 80 bits long".into()]),
                Line::NotEncrypted,
            ]
        );
    }

    #[test]
    fn an_encrypted_file_has_no_advice_to_delete_it() {
        let done = Done::new(FormatId::Bitwarden, &imported(Vec::new(), Vec::new(), true), &[]);
        assert_eq!(
            lines(&Ok(done)),
            [Line::Added {
                format: FormatId::Bitwarden,
                names: Vec::new()
            }]
        );
    }

    #[test]
    fn many_entries_left_out_are_named_up_to_the_limit_then_counted() {
        let skipped = (0..30)
            .map(|i| Skipped {
                name: format!("n{i}"),
                reason: SkipReason::Steam,
            })
            .collect();
        let done = Done::new(FormatId::AndOtp, &imported(skipped, Vec::new(), true), &[]);
        let lines = lines(&Ok(done));
        assert_eq!(lines.len(), 1 + MAX_NAMED + 1);
        assert_eq!(lines[MAX_NAMED + 1], Line::More(10));
    }

    #[test]
    fn a_refusal_is_one_line() {
        let lines = lines(&Err(Failure::WrongPassword));
        assert_eq!(lines, [Line::Failed(Failure::WrongPassword)]);
        assert!(lines[0].is_error());
    }

    #[test]
    fn a_file_no_reader_knows_is_refused_and_a_link_list_is_read() {
        assert!(matches!(
            read(b"hello, world", None),
            Read::Failed(Failure::UnknownFormat)
        ));
        let list = b"otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=A\n";
        match read(list, None) {
            Read::Accounts { format, imported } => {
                assert_eq!(format, FormatId::Uris);
                assert_eq!(imported.accounts.len(), 1);
                assert!(!imported.encrypted);
            }
            other => panic!("{other:?}"),
        }
    }
}
