// Rust hands C a pointer into an anonymous mmap'd page (never came from any
// allocator), C free()s it: invalid-free (never allocated).
use std::os::raw::{c_int, c_long, c_void};

extern "C" {
    fn c_release(p: *mut u8);
    fn mmap(addr: *mut c_void, len: usize, prot: c_int, flags: c_int, fd: c_int, off: c_long) -> *mut c_void;
}

const PROT_READ: c_int = 1;
const PROT_WRITE: c_int = 2;
const MAP_PRIVATE: c_int = 0x02;
const MAP_ANONYMOUS: c_int = 0x20;

#[inline(never)]
fn hand_over_mapped() {
    let page = unsafe { mmap(std::ptr::null_mut(), 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) };
    assert!(page as isize != -1);
    let p = unsafe { (page as *mut u8).add(64) };
    unsafe { c_release(p) }; // line:call
    std::hint::black_box(());
}

fn main() {
    hand_over_mapped();
    eprintln!("done");
}
