//! The commands on the accounts themselves: add, check, list, rename and
//! remove (a rename or removal carries `default_account` along).

use super::*;

#[derive(Serialize)]
struct AccountSummary<'a> {
    name: &'a str,
    reading: Option<&'a str>,
    issuer: Option<&'a str>,
    algorithm: &'static str,
    digits: u8,
    period: u32,
    /// The window rule, `null` for none.
    window_rule: Option<&'a str>,
}

#[derive(Serialize)]
struct CheckReport {
    matches: bool,
    step_offset: Option<i8>,
}

/// Keeps `default_account` naming the same account after a rename, and
/// clears it when that account is removed. The account change is already
/// saved: a settings file that cannot be written only earns a warning.
///
/// Only its own line on stdout can fail ([`CliError::Stdout`]).
fn follow_default(default: &mut DefaultSetting, follow: default_account::Follow, vault: &Path) -> Result<(), CliError> {
    if default.damaged().is_some() {
        eprintln!(
            "trayotp: warning: {} is damaged, so default_account was not checked; fix the file (`trayotp settings get` names the problem)",
            default.path().display()
        );
        return Ok(());
    }
    let change = match &follow {
        default_account::Follow::Keep => return Ok(()),
        default_account::Follow::Rename(name) => texts::texts().cli_default_renamed(name),
        default_account::Follow::Clear => texts::texts().cli_default_cleared(),
    };
    match default.follow(&follow) {
        Ok(()) => {
            control::tell_tray_settings_changed(vault);
            outln!("{change}");
        }
        Err(error) => eprintln!(
            "trayotp: warning: {} still names the old default account ({error}); fix the file, then `trayotp settings set default_account NAME`",
            default.path().display()
        ),
    }
    Ok(())
}

impl Session<'_> {
    pub(super) fn add(&self, args: AddArgs) -> Result<(), CliError> {
        // Refused before the setup number is asked for.
        let reading = match &args.reading {
            Some(reading) => crate::domain::account::check_reading(reading).map_err(AccountError::from)?,
            None => None,
        };
        let key_text = match args.key {
            Some(key) => zeroize::Zeroizing::new(key),
            None => prompt::read_setup_key().map_err(|e| CliError::Io("read the setup number", e))?,
        };
        let overrides = ParamOverrides {
            algorithm: args.algorithm,
            digits: args.digits,
            period: args.period,
        };
        let setup = match args.encoding {
            Some(encoding) => setup_key::read_as(&key_text, encoding)?,
            None => setup_key::read(&key_text)?,
        };
        let when = match args.at {
            Some(at) => at,
            None => now()?,
        };
        let seen = args
            .check_codes
            .iter()
            .map(|code| SeenCode::new(code, when))
            .collect::<Result<Vec<_>, _>>()?;
        let (parsed, found) = match check::choose(&setup, overrides, &seen)? {
            Choice::Register { setup, found } => (*setup, found),
            Choice::Ambiguous(encodings) => return Err(SetupKeyError::Ambiguous(encodings).into()),
            Choice::NoMatch(tried) => return Err(CliError::NoMatch(tried)),
            Choice::Several(count) => return Err(CliError::SeveralMatch(count)),
        };
        for warning in &parsed.warnings {
            eprintln!("trayotp: warning: {}", terminal::terminal_safe(&warning.to_string()));
        }
        let encoding = match &setup {
            setup_key::SetupNumber::Bare(bare) => {
                bare.readings.iter().find(|r| r.key == parsed.key).map(|r| r.encoding)
            }
            setup_key::SetupNumber::Link(_) => None,
        };
        let mut account = crate::domain::Account::new(args.name.clone(), parsed);
        account.reading = reading;
        let (name, params) = self.modify(|accounts| {
            let account = accounts.push(account)?;
            Ok((account.name.clone(), account.params()))
        })?;
        let texts = texts::texts();
        if let Some(found) = found {
            outln!("{}", texts.cli_matched_one_reading(&found.describe()));
        }
        let how = match encoding {
            Some(encoding) if encoding != crate::domain::Encoding::Base32 => format!("{}, ", encoding.key_words()),
            _ => String::new(),
        };
        let how = texts.cli_added_how(&how, &params.algorithm.to_string(), params.digits, params.period);
        outln!("{}", texts.cli_added(&name, &how));
        outln!("{}", texts.cli_check_before_removing_old_app(&name));
        Ok(())
    }

    pub(super) fn check(
        &self,
        name: &str,
        code: &str,
        at: Option<u64>,
        json: bool,
        settings: &Path,
    ) -> Result<(), CliError> {
        let vault = self.open_existing()?;
        let account = vault
            .accounts()
            .find(name)
            .ok_or_else(|| AccountError::NotFound(name.trim().to_string()))?;
        // The time `code` and `copy` use: corrected when clock_correction is on.
        let when = match at {
            Some(at) => at,
            None => time::corrected_now(settings)?.now_ms / 1000,
        };
        let seen = SeenCode::new(code, when)?;
        let offset = check::step_offset(&account.key, account.params(), &seen);
        if json {
            print_json(&CheckReport {
                matches: offset.is_some(),
                step_offset: offset,
            })?;
        } else {
            let name = &account.name;
            outln!(
                "{}",
                match offset {
                    Some(0) => format!("The code is the current code of '{name}'."),
                    Some(-1) => format!(
                        "The code is the previous code of '{name}' (one time step earlier), not the current one: this PC's clock may be ahead, or the other device's behind, or the code was read a while ago; check this PC's clock."
                    ),
                    Some(_) => format!(
                        "The code is the next code of '{name}' (one time step later), not the current one: this PC's clock is behind, or the other device's ahead; check this PC's clock."
                    ),
                    None => format!(
                        "The code is not a code of '{name}', now or one time step either side: check that it is this account's code, and the setup number it was registered with."
                    ),
                }
            );
            if matches!(offset, Some(-1 | 1)) {
                outln!("{}", time::clock_hint());
            }
        }
        if offset == Some(0) { Ok(()) } else { Err(CliError::Said) }
    }

    pub(super) fn list(&self, json: bool) -> Result<(), CliError> {
        let vault = self.open()?;
        let accounts = vault.as_ref().map(Vault::accounts);
        if json {
            let summaries: Vec<AccountSummary> = accounts
                .into_iter()
                .flat_map(|list| list.iter())
                .map(|a| AccountSummary {
                    name: &a.name,
                    reading: a.reading.as_deref(),
                    issuer: a.issuer.as_deref(),
                    algorithm: a.algorithm.name(),
                    digits: a.digits,
                    period: a.period,
                    window_rule: a.window_rule.as_deref(),
                })
                .collect();
            return print_json(&summaries);
        }
        // A name kept by an older trayotp may hold a bidirectional or
        // zero-width character: shown escaped, never acted on (N6).
        for name in accounts.into_iter().flat_map(|list| list.names()) {
            outln!("{}", terminal::terminal_safe(name));
        }
        Ok(())
    }

    pub(super) fn rename(&self, old: &str, new: &str, settings: &Path) -> Result<(), CliError> {
        let mut default = DefaultSetting::load(settings);
        let mut was_default = false;
        let new_name = self.modify(|accounts| {
            was_default = default_account::names(accounts, default.name(), old);
            accounts.rename(old, new)?;
            let index = accounts.position(new).unwrap_or_default();
            Ok(accounts.iter().nth(index).map(|a| a.name.clone()).unwrap_or_default())
        })?;
        // The setting follows the account even when stdout is closed.
        let said = out::line(format_args!("{}", texts::texts().cli_renamed(old.trim(), &new_name)));
        let followed = follow_default(
            &mut default,
            default_account::after_change(was_default, Some(&new_name)),
            self.path.main(),
        );
        said.and(followed)
    }

    pub(super) fn remove(&self, name: &str, yes: bool, settings: &Path) -> Result<(), CliError> {
        let vault = self.open_existing()?;
        let account = vault
            .accounts()
            .find(name)
            .ok_or_else(|| AccountError::NotFound(name.trim().to_string()))?;
        let shown = account.name.clone();
        drop(vault);
        if !yes {
            let question = texts::texts().cli_remove_question(&shown);
            if prompt::confirm(&question) != Some(true) {
                return Err(CliError::NotConfirmed(shown));
            }
        }
        let mut default = DefaultSetting::load(settings);
        let mut was_default = false;
        self.modify(|accounts| {
            was_default = default_account::names(accounts, default.name(), &shown);
            Ok(accounts.remove(&shown)?)
        })?;
        let said = out::line(format_args!("{}", texts::texts().cli_removed(&shown)));
        let followed = follow_default(
            &mut default,
            default_account::after_change(was_default, None),
            self.path.main(),
        );
        said.and(followed)
    }
}
