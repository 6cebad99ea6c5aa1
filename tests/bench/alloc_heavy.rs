// alloc_heavy — allocation-heavy Rust benchmark (std only).
//
// Builds and drops Strings, Vecs, Boxes, HashMap and BTreeMap entries of
// varying sizes and lifetimes in a loop, through the ordinary Rust global
// allocator (no custom GlobalAlloc: ffisan classifies Rust blocks by their
// call site, so the allocation path must stay the stock one).
//
// The program counts its allocations *logically*: every construct below is
// written so that it performs a known number of allocator calls
// (`with_capacity`, exact-size `collect`, `reserve_exact`, BTreeMaps of at
// most 11 entries = one leaf node). A realloc counts as one allocation.
//
// usage: alloc_heavy [ITERATIONS]        (default 300000)
// output: "allocations: N" and "checksum: C" (identical native/under ffisan)

use std::collections::{BTreeMap, HashMap};
use std::hint::black_box;

#[repr(align(64))]
struct CacheLine([u64; 8]);

fn main() {
    let iters: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(300_000);

    let mut allocs: u64 = 0;
    let mut checksum: u64 = 0;

    // Survivors: blocks that outlive their iteration by a varying amount, so
    // the heap is not a pure LIFO stack.
    let mut ring: Vec<Option<Box<[u8]>>> = (0..509).map(|_| None).collect();
    allocs += 1;
    let mut names: Vec<Option<String>> = (0..127).map(|_| None).collect();
    allocs += 1;

    for i in 0..iters {
        // 1. Strings of varying sizes (1..200 bytes), one allocation each.
        for k in 0..8 {
            let n = 1 + (i * 7 + k * 13) % 200;
            let mut s = String::with_capacity(n);
            allocs += 1;
            for j in 0..n {
                s.push((b'a' + ((i + j) % 26) as u8) as char);
            }
            checksum = checksum.wrapping_add(s.as_bytes()[n / 2] as u64);
            black_box(&s);
        }

        // 2. Vec<u64> from an exact-size iterator: one allocation.
        let len = 1 + i % 64;
        let v: Vec<u64> = (0..len as u64).map(|x| x * 3).collect();
        allocs += 1;
        checksum = checksum.wrapping_add(v[len - 1]);

        // 3. Growing a Vec with reserve_exact: 1 allocation + 2 reallocs.
        let mut g: Vec<u32> = Vec::with_capacity(4);
        g.extend_from_slice(&[1, 2, 3, 4]);
        g.reserve_exact(12);
        g.extend(0..12);
        g.reserve_exact(48);
        g.extend(0..48);
        allocs += 3;
        checksum = checksum.wrapping_add(g.len() as u64);

        // 4. Boxes: one plain, 16 small ones in a Vec (16 + 1), and every
        //    8th iteration an over-aligned one (posix_memalign path).
        let b = black_box(Box::new([i as u64; 4]));
        allocs += 1;
        let bs: Vec<Box<u32>> = (0..16u32).map(Box::new).collect();
        allocs += 17;
        checksum = checksum.wrapping_add(b[3] + *bs[15] as u64);
        if i % 8 == 0 {
            let cl = Box::new(CacheLine([i as u64; 8]));
            allocs += 1;
            checksum = checksum.wrapping_add(black_box(&cl).0[7]);
        }

        // 5. HashMap with room for 8 + 8 String values: 1 + 8 allocations.
        let mut h: HashMap<u32, String> = HashMap::with_capacity(8);
        allocs += 1;
        for k in 0..8u32 {
            let mut val = String::with_capacity(24);
            allocs += 1;
            val.push_str("value-");
            val.push_str(if (i as u32 + k) % 2 == 0 { "even" } else { "odd" });
            h.insert(k * 2654435761 ^ i as u32, val);
        }
        checksum = checksum.wrapping_add(h.values().map(|s| s.len() as u64).sum::<u64>());

        // 6. BTreeMap of 10 entries (one leaf node) with Vec values: 1 + 10.
        let mut bt: BTreeMap<u32, Vec<u8>> = BTreeMap::new();
        for k in 0..10u32 {
            let n = 1 + (k as usize * 5 + i) % 40;
            bt.insert((k * 7919) % 101, vec![k as u8; n]);
        }
        allocs += 11;
        checksum = checksum.wrapping_add(bt.values().map(|v| v.len() as u64).sum::<u64>());

        // 7. Every 64th iteration: a large zeroed buffer (calloc path).
        if i % 64 == 0 {
            let big = vec![0u8; 64 * 1024 + i % 4096];
            allocs += 1;
            checksum = checksum.wrapping_add(black_box(&big).len() as u64);
        }

        // 8. Survivors: replace a ring slot (drops an older block).
        let slot = (i * 31) % ring.len();
        ring[slot] = Some(vec![i as u8; 16 + i % 512].into_boxed_slice());
        allocs += 1;
        if i % 3 == 0 {
            let slot = (i * 17) % names.len();
            let mut s = String::with_capacity(32);
            allocs += 1;
            s.push_str("survivor");
            names[slot] = Some(s);
        }
    }

    checksum = checksum.wrapping_add(ring.iter().flatten().map(|b| b.len() as u64).sum::<u64>());
    checksum = checksum.wrapping_add(names.iter().flatten().count() as u64);
    println!("allocations: {}", allocs);
    println!("checksum: {}", checksum);
}
