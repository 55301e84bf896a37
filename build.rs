//! Build script: gives the Windows .exe its icon, manifest (DPI awareness,
//! UTF-8 code page, Common Controls v6, asInvoker) and version information
//! from `resources/trayotp.rc`.
//!
//! It decides on the *target* OS (`CARGO_CFG_TARGET_OS`), not the host's, so
//! cross-compiling from Linux with mingw's `x86_64-w64-mingw32-windres`
//! embeds the resources too, and a Linux build does nothing. On Windows with
//! MSVC, embed-resource runs the SDK's `rc.exe` on the same file.

use std::env;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    for input in [
        "resources/trayotp.rc",
        "resources/trayotp.exe.manifest",
        "icons/trayotp.ico",
    ] {
        println!("cargo:rerun-if-changed={input}");
    }

    // The version, from Cargo.toml, as a header next to the compiled
    // resources (OUT_DIR is on windres' include path): a file, not -D
    // macros, because quoting strings through windres' preprocessor is fragile.
    let version = env::var("CARGO_PKG_VERSION").expect("cargo sets CARGO_PKG_VERSION");
    let number = |name: &str| -> u16 {
        let value = env::var(name).unwrap_or_default();
        // VERSIONINFO takes 16-bit numbers; a pre-release tag lives in VERSION_STR only.
        value
            .parse()
            .unwrap_or_else(|_| panic!("{name}={value:?} does not fit a Windows version number (0-65535)"))
    };
    let header = format!(
        "#define VERSION_MAJOR {}\n#define VERSION_MINOR {}\n#define VERSION_PATCH {}\n#define VERSION_STR \"{version}\"\n",
        number("CARGO_PKG_VERSION_MAJOR"),
        number("CARGO_PKG_VERSION_MINOR"),
        number("CARGO_PKG_VERSION_PATCH"),
    );
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out_dir).join("trayotp-version.h"), header)
        .unwrap_or_else(|error| panic!("cannot write trayotp-version.h in {out_dir}: {error}"));
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let include = [Path::new(&root).to_path_buf()];
    // Both executables (trayotp.com and trayotp.exe when installed): test
    // binaries need none of this.
    embed_resource::compile_for(
        "resources/trayotp.rc",
        ["trayotp", "trayotp-gui"],
        embed_resource::ParamsIncludeDirs(&include),
    )
    .manifest_required()
    .unwrap_or_else(|error| panic!("embedding resources/trayotp.rc into trayotp.exe failed: {error}"));
    // MSVC (rc.exe + link.exe, the GitHub Windows job): the manifest is the
    // .rc's RT_MANIFEST 1. Should link.exe be asked for one of its own, the
    // two collide (CVT1100 "duplicate resource"): say it needs none.
    if env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("msvc") {
        for bin in ["trayotp", "trayotp-gui"] {
            println!("cargo:rustc-link-arg-bin={bin}=/MANIFEST:NO");
        }
    }
}
