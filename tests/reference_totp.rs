//! Cross-checks our codes against two independent TOTP implementations,
//! `oathtool` (liboath, C) and `pyotp` (Python), for many random keys,
//! periods, algorithms and times. Linux only: Wine cannot run them.
#![cfg(unix)]

use crate::common;

use std::process::Command;

use trayotp::domain::{Algorithm, OtpParams, SecretKey, otp};

const ALGORITHMS: [(Algorithm, &str); 3] = [
    (Algorithm::Sha1, "SHA1"),
    (Algorithm::Sha256, "SHA256"),
    (Algorithm::Sha512, "SHA512"),
];

struct Case {
    key: Vec<u8>,
    base32: String,
    algorithm: (Algorithm, &'static str),
    digits: u8,
    period: u32,
    at: u64,
}

fn cases() -> Vec<Case> {
    let mut rng = fastrand::Rng::with_seed(6238);
    (0..60)
        .map(|i| {
            let key: Vec<u8> = (0..rng.usize(10..=64)).map(|_| rng.u8(..)).collect();
            let base32 = SecretKey::new(key.clone()).to_base32().to_string();
            Case {
                key,
                base32,
                algorithm: ALGORITHMS[i % 3],
                digits: [6, 7, 8][rng.usize(0..3)],
                period: [30, 60][i % 2],
                at: rng.u64(0..4_000_000_000),
            }
        })
        .collect()
}

fn ours(case: &Case) -> String {
    let params = OtpParams {
        algorithm: case.algorithm.0,
        digits: case.digits,
        period: case.period,
    };
    otp::generate(&SecretKey::new(case.key.clone()), params, case.at)
        .digits()
        .to_string()
}

#[test]
fn matches_oathtool() {
    for case in cases() {
        let output = Command::new("oathtool")
            .arg(format!("--totp={}", case.algorithm.1))
            .args(["-b", "-s", &format!("{}s", case.period), "-d", &case.digits.to_string()])
            .arg(format!("--now=@{}", case.at))
            .arg(&case.base32)
            .output()
            .expect("oathtool is installed (.ci/install-deps)");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        let theirs = String::from_utf8_lossy(&output.stdout).trim().to_string();
        assert_eq!(
            ours(&case),
            theirs,
            "{} {} s {} digits at {}",
            case.algorithm.1,
            case.period,
            case.digits,
            case.at
        );
    }
}

#[test]
fn matches_pyotp() {
    let cases = cases();
    let script = "import sys, hashlib, pyotp\n\
                  for line in sys.stdin:\n    k, alg, d, p, t = line.split()\n    \
                  print(pyotp.TOTP(k, digits=int(d), digest=getattr(hashlib, alg.lower()), interval=int(p)).at(int(t)))\n";
    let input: String = cases
        .iter()
        .map(|c| {
            format!(
                "{} {} {} {} {}\n",
                c.base32,
                c.algorithm.1.replace("SHA", "sha"),
                c.digits,
                c.period,
                c.at
            )
        })
        .collect();
    // Debian's python3-pyotp lives with the system Python.
    let python = if std::path::Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3"
    } else {
        "python3"
    };
    let output = common::run_with_stdin(Command::new(python).args(["-c", script]), &input);
    assert!(
        output.status.success(),
        "pyotp: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let theirs = String::from_utf8_lossy(&output.stdout);
    let theirs: Vec<&str> = theirs.lines().collect();
    assert_eq!(theirs.len(), cases.len());
    for (case, theirs) in cases.iter().zip(theirs) {
        assert_eq!(
            ours(case),
            theirs,
            "{} {} s at {}",
            case.algorithm.1,
            case.period,
            case.at
        );
    }
}

#[test]
fn cli_code_json_matches_oathtool_with_60_second_period() {
    let vault = common::TestVault::new();
    let key = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    common::assert_ok(&vault.add("三菱 太郎", key));
    for at in [0u64, 59, 60, 1_700_000_000, 1_764_000_123] {
        let output = vault.run(&["code", "三菱 太郎", "--at", &at.to_string(), "--json"]);
        common::assert_ok(&output);
        let json: serde_json::Value = serde_json::from_str(&common::stdout(&output)).expect("json");
        let oath = Command::new("oathtool")
            .args(["--totp", "-b", "-s", "60"])
            .arg(format!("--now=@{at}"))
            .arg(key)
            .output()
            .expect("oathtool");
        assert_eq!(json["code"], String::from_utf8_lossy(&oath.stdout).trim(), "at {at}");
    }
}
