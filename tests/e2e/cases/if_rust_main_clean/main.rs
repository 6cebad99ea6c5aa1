// Clean twin of the if_*_rust_main cases: blocks released by their start
// pointer; stack, static and mmap'd memory are never freed.
use std::os::raw::c_void;

extern "C" {
    fn c_make_block(n: usize) -> *mut u8;
    fn c_release(p: *mut u8);
    fn free(p: *mut c_void);
}

static mut TABLE: [u64; 16] = [7; 16];

fn main() {
    let p = unsafe { c_make_block(32) };
    let payload = unsafe { p.add(8) };
    unsafe { *payload = 3 };
    unsafe { free(p as *mut c_void) };
    let q = unsafe { c_make_block(64) };
    unsafe { c_release(q) };
    let mut buf = [0u8; 64];
    buf[1] = unsafe { (*std::ptr::addr_of!(TABLE))[1] } as u8;
    std::hint::black_box(&mut buf);
    eprintln!("done");
}
