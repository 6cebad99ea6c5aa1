//! ffisan pass test crate: generic code, collections, statics, unwinding.
use std::collections::HashMap;

pub struct Counter {
    pub map: HashMap<String, usize>,
    pub buf: Vec<u8>,
}

impl Counter {
    pub fn new() -> Self {
        Counter { map: HashMap::new(), buf: Vec::new() }
    }
    pub fn add(&mut self, w: &str) {
        *self.map.entry(w.to_string()).or_insert(0) += 1;
        self.buf.extend_from_slice(w.as_bytes());
    }
    pub fn total(&self) -> usize {
        self.map.values().sum()
    }
}

pub static TABLE: [u32; 8] = [1, 2, 3, 4, 5, 6, 7, 8];

#[no_mangle]
pub extern "C" fn rs_sum(p: *const u32, n: usize) -> u32 {
    let s = unsafe { std::slice::from_raw_parts(p, n) };
    s.iter().sum()
}

pub fn lookup(i: usize) -> u32 {
    TABLE[i % 8]
}

pub fn checked(x: i32) -> Result<i32, String> {
    let v = vec![x; 3];
    if x > 100 {
        return Err(format!("{} too big", x));
    }
    Ok(v[2])
}

pub fn unwinds(x: i32) -> bool {
    std::panic::catch_unwind(|| {
        if x > 0 {
            std::panic::resume_unwind(Box::new(x));
        }
    })
    .is_err()
}
