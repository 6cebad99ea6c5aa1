// Rust takes a C string (strdup in C) and drops the raw pointer without
// giving it back: boundary-leak, allocated by C, last owned by Rust.
use std::ffi::CStr;
use std::os::raw::c_char;

extern "C" {
    fn c_make_label() -> *mut c_char;
}

#[inline(never)]
fn use_label() -> usize {
    let p = unsafe { c_make_label() }; // line:call
    let n = unsafe { CStr::from_ptr(p) }.to_bytes().len();
    std::hint::black_box(n) // p goes out of scope here: leaked
}

// Overwrites the dead stack below main so no stale copy of the pointer
// survives to the leak check.
#[inline(never)]
fn scrub_stack() {
    let mut buf = [0u8; 65536];
    std::hint::black_box(&mut buf);
}

fn main() {
    let n = use_label(); // line:use
    scrub_stack();
    eprintln!("label length {}", n);
}
