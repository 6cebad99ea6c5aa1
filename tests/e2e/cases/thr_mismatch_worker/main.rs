// Four worker threads churn clean boundary crossings; one of them plants a
// Rust-buffer-freed-by-C mismatch. The report names that worker thread.
use std::os::raw::c_void;
use std::sync::atomic::{AtomicBool, Ordering};

extern "C" {
    fn c_give_back(p: *mut u8, n: usize);
    fn c_release_buffer(p: *mut c_void);
}

#[no_mangle]
pub extern "C" fn rs_free_buf(p: *mut u8, n: usize) {
    unsafe { drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(p, n))) };
}

static STARTED: [AtomicBool; 4] = [const { AtomicBool::new(false) }; 4];

#[inline(never)]
fn make_buffer(n: usize) -> *mut u8 {
    Box::into_raw(vec![5u8; n].into_boxed_slice()) as *mut u8 // line:alloc
}

#[inline(never)]
fn plant() {
    let p = make_buffer(40); // line:make
    unsafe { c_release_buffer(p as *mut c_void) }; // line:call
    std::hint::black_box(p);
}

fn churn(id: usize, iters: usize) {
    for i in 0..iters {
        let n = 16 + (i + id) % 100;
        let p = Box::into_raw(vec![i as u8; n].into_boxed_slice()) as *mut u8;
        unsafe { c_give_back(p, n) };
        if i == 1000 {
            STARTED[id].store(true, Ordering::SeqCst);
        }
    }
}

fn main() {
    let mut hs = Vec::new();
    for id in 0..4 {
        hs.push(std::thread::spawn(move || {
            if id == 2 {
                // wait until every other worker is busy, then plant the bug
                while !(0..4).filter(|&k| k != 2).all(|k| STARTED[k].load(Ordering::SeqCst)) {
                    std::thread::yield_now();
                }
                plant();
                eprintln!("planted, not halted");
            } else {
                churn(id, 2_000_000);
            }
        }));
    }
    for h in hs {
        h.join().unwrap();
    }
    eprintln!("done");
}
