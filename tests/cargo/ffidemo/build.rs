// Build csrc/ffidemo.c into a static library with the system C compiler and
// `ar` (no `cc` crate: the test crate has no crates.io dependencies and
// builds offline). CC / AR from the environment are honoured, so
// `CC=scripts/ffisan-cc cargo test` also works.
use std::env;
use std::path::PathBuf;
use std::process::Command;

fn run(cmd: &mut Command) {
    let status = cmd
        .status()
        .unwrap_or_else(|e| panic!("failed to start {:?}: {}", cmd, e));
    assert!(status.success(), "command failed ({}): {:?}", status, cmd);
}

fn main() {
    let out = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR"));
    let cc = env::var("CC").unwrap_or_else(|_| "cc".into());
    let ar = env::var("AR").unwrap_or_else(|_| "ar".into());
    let src = "csrc/ffidemo.c";
    let obj = out.join("ffidemo.o");
    let lib = out.join("libffidemo_c.a");

    let opt = if env::var("PROFILE").as_deref() == Ok("release") { "-O2" } else { "-O0" };
    run(Command::new(&cc)
        .args([opt, "-g", "-fPIC", "-fno-omit-frame-pointer", "-Wall", "-Wextra", "-c", src, "-o"])
        .arg(&obj));
    let _ = std::fs::remove_file(&lib);
    run(Command::new(&ar).arg("crs").arg(&lib).arg(&obj));

    println!("cargo:rustc-link-search=native={}", out.display());
    println!("cargo:rustc-link-lib=static=ffidemo_c");
    println!("cargo:rerun-if-changed={}", src);
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=CC");
    println!("cargo:rerun-if-env-changed=AR");
}
