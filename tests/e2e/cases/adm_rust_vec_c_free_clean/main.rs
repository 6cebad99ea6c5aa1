// Clean twin of adm_rust_vec_c_free: every block goes back to its allocator.
use std::os::raw::c_void;

extern "C" {
    fn c_consume_rust_buffer(p: *mut u8, n: usize);
    fn c_make_buffer(n: usize) -> *mut c_void;
    fn c_release_buffer(p: *mut c_void);
}

#[no_mangle]
pub extern "C" fn rs_free_buffer(p: *mut u8, n: usize) {
    unsafe { drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(p, n))) };
}

#[inline(never)]
fn make_buffer(n: usize) -> *mut u8 {
    let v: Vec<u8> = vec![7u8; n];
    Box::into_raw(v.into_boxed_slice()) as *mut u8
}

fn main() {
    let p = make_buffer(24);
    unsafe { c_consume_rust_buffer(p, 24) };
    let q = unsafe { c_make_buffer(40) };
    unsafe { c_release_buffer(q) };
    eprintln!("done");
}
