// Clean twin of bl_strdup_rust_main: C strings that Rust gives back, keeps
// in a global, keeps only by an interior pointer, or keeps inside a Box
// leaked into a static -- all freed or still reachable at exit: silent.
use std::ffi::CStr;
use std::os::raw::c_char;

extern "C" {
    fn c_make_label() -> *mut c_char;
    fn c_free_label(p: *mut c_char);
}

struct Holder {
    label: *mut c_char,
    uses: usize,
}

#[no_mangle]
pub static mut KEEP_LABEL: *mut c_char = std::ptr::null_mut();
static mut KEEP_INTERIOR: *mut c_char = std::ptr::null_mut();
static mut HOLDER: Option<&'static mut Holder> = None;

#[inline(never)]
fn use_and_free() -> usize {
    let p = unsafe { c_make_label() };
    let n = unsafe { CStr::from_ptr(p) }.to_bytes().len();
    unsafe { c_free_label(p) };
    n
}

#[inline(never)]
fn keep_labels() {
    unsafe {
        KEEP_LABEL = c_make_label();
        KEEP_INTERIOR = c_make_label().add(5);
        HOLDER = Some(Box::leak(Box::new(Holder { label: c_make_label(), uses: 1 })));
    }
}

#[inline(never)]
fn scrub_stack() {
    let mut buf = [0u8; 65536];
    std::hint::black_box(&mut buf);
}

fn main() {
    let n = use_and_free();
    keep_labels();
    scrub_stack();
    // keep the statics observable so the stores cannot be optimised away
    std::hint::black_box(unsafe { std::ptr::addr_of!(KEEP_LABEL) });
    std::hint::black_box(unsafe { std::ptr::addr_of!(KEEP_INTERIOR) });
    std::hint::black_box(unsafe { std::ptr::addr_of!(HOLDER) });
    eprintln!("done {}", n);
}
