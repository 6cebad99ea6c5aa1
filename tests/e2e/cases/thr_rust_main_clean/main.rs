// 8 threads, ~100k boundary-crossing allocations each, every block released
// by the right allocator: no report, exit 0, well within the timeout.
use std::ffi::{CStr, CString};
use std::os::raw::{c_char, c_void};

extern "C" {
    fn c_alloc(n: usize) -> *mut u8;
    fn c_free(p: *mut c_void);
    fn c_take_rust_buf(p: *mut u8, n: usize) -> usize;
    fn c_dup(s: *const c_char) -> *mut c_char;
    fn malloc(n: usize) -> *mut c_void;
    fn free(p: *mut c_void);
}

#[no_mangle]
pub extern "C" fn rs_free_buf(p: *mut u8, n: usize) {
    unsafe { drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(p, n))) };
}

const THREADS: usize = 8;
const ITERS: usize = 100_000;
const RING: usize = 64;

fn worker(id: usize) -> usize {
    let mut acc = 0usize;
    // blocks kept alive for a while: C-allocated, released by Rust via free()
    let mut ring: Vec<*mut u8> = vec![std::ptr::null_mut(); RING];
    let name = CString::new(format!("worker-{}", id)).unwrap();
    for i in 0..ITERS {
        let n = 8 + (i * 7 + id * 13) % 200;
        match i % 4 {
            0 => unsafe {
                // Rust calls malloc, C frees
                let p = malloc(n) as *mut u8;
                *p = i as u8;
                acc += *p as usize;
                c_free(p as *mut c_void);
            },
            1 => unsafe {
                // C allocates, Rust frees (later) with libc free
                let slot = &mut ring[i % RING];
                if !slot.is_null() {
                    free(*slot as *mut c_void);
                }
                *slot = c_alloc(n);
            },
            2 => unsafe {
                // Rust buffer lent to C, which hands it back to Rust
                let b = vec![i as u8; n].into_boxed_slice();
                acc += c_take_rust_buf(Box::into_raw(b) as *mut u8, n);
            },
            _ => unsafe {
                // C string made from a Rust string, read in Rust, freed by C
                let d = c_dup(name.as_ptr());
                acc += CStr::from_ptr(d).to_bytes().len();
                c_free(d as *mut c_void);
            },
        }
    }
    for p in ring {
        if !p.is_null() {
            unsafe { free(p as *mut c_void) };
        }
    }
    acc
}

fn main() {
    let handles: Vec<_> = (0..THREADS).map(|id| std::thread::spawn(move || worker(id))).collect();
    let total: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
    eprintln!("done {}", total > 0);
}
