// Clean twin of df_rust_two_box / df_rust_main_free_twice: one release each.
use std::os::raw::c_void;

#[repr(C)]
struct Pair {
    a: u64,
    b: u64,
}

extern "C" {
    fn c_stash(p: *mut Pair);
    fn c_take() -> *mut Pair;
    fn c_make_block(n: usize) -> *mut c_void;
    fn free(p: *mut c_void);
}

#[inline(never)]
fn release(p: *mut Pair) -> u64 {
    if p.is_null() {
        return 0;
    }
    let b = unsafe { Box::from_raw(p) };
    b.a + b.b
}

fn main() {
    let p = Box::into_raw(Box::new(Pair { a: 1, b: 2 }));
    unsafe { c_stash(p) };
    let s1 = release(unsafe { c_take() });
    let s2 = release(unsafe { c_take() }); // null now: nothing to release
    let q = unsafe { c_make_block(48) };
    unsafe { free(q) };
    eprintln!("done {}", s1 + s2);
}
