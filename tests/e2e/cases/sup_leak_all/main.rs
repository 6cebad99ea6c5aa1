// Rust takes two C strings (8 and 12 bytes, from two C functions) and drops
// the raw pointers: two boundary-leak groups.
use std::ffi::CStr;
use std::os::raw::c_char;

extern "C" {
    fn c_make_label_a() -> *mut c_char;
    fn c_make_label_b() -> *mut c_char;
}

#[inline(never)]
fn use_labels() -> usize {
    let a = unsafe { c_make_label_a() };
    let b = unsafe { c_make_label_b() };
    let n = unsafe { CStr::from_ptr(a).to_bytes().len() + CStr::from_ptr(b).to_bytes().len() };
    std::hint::black_box(n)
}

// Overwrites the dead stack below main so no stale copy of a pointer
// survives to the leak check.
#[inline(never)]
fn scrub_stack() {
    let mut buf = [0u8; 65536];
    std::hint::black_box(&mut buf);
}

fn main() {
    let n = use_labels();
    scrub_stack();
    eprintln!("labels {}", n);
}
