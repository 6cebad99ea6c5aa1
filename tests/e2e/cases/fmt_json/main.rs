// Three reports when halt_on_error=0: alloc-dealloc-mismatch (Rust buffer
// released by C free), double-free (C string freed twice through C), and a
// boundary-leak at exit (a C string Rust forgets).
use std::ffi::CStr;
use std::os::raw::{c_char, c_void};

extern "C" {
    fn c_release_buffer(p: *mut c_void);
    fn c_make_name() -> *mut c_char;
    fn c_free_name(p: *mut c_char);
}

#[inline(never)]
fn mismatch() {
    let p = Box::into_raw(vec![1u8; 24].into_boxed_slice()) as *mut u8; // line:alloc
    unsafe { c_release_buffer(p as *mut c_void) }; // line:first
    std::hint::black_box(p);
}

#[inline(never)]
fn double_free() {
    let p = unsafe { c_make_name() };
    unsafe { c_free_name(p) };
    unsafe { c_free_name(p) }; // line:second
}

#[inline(never)]
fn leak() -> usize {
    let p = unsafe { c_make_name() }; // line:leak
    let n = unsafe { CStr::from_ptr(p) }.to_bytes().len();
    std::hint::black_box(n)
}

// Overwrites the dead stack so no stale copy of the leaked pointer survives.
#[inline(never)]
fn scrub_stack() {
    let mut buf = [0u8; 65536];
    std::hint::black_box(&mut buf);
}

fn main() {
    mismatch();
    double_free();
    let n = leak();
    scrub_stack();
    eprintln!("done {}", n);
}
