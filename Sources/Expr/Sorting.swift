/// Sorting helpers for the short lists that constructors sort and merge (terms, factors): a
/// merge of already sorted runs, binary insertion, insertion into a sorted copy. They know
/// nothing of expressions; the orders they sort by are in Order.swift.
extension Array {
    /// A copy with `element` inserted at `index`, allocated once at its final size.
    func inserting(_ element: Element, at index: Int) -> [Element] {
        var result: [Element] = []
        result.reserveCapacity(count + 1)
        result.append(contentsOf: self[..<index])
        result.append(element)
        result.append(contentsOf: self[index...])
        return result
    }

    /// Up to this many elements, a sort that finds no long runs inserts by binary search.
    static var binaryInsertionLimit: Int { 512 }

    /// Sorts by inserting each element from `start` on into the sorted prefix before it, found by
    /// binary search: about log2(n!) comparisons, the fewest a comparison sort needs, where the
    /// library's sort inserts linearly into runs of 32 or more. Comparing terms is what costs
    /// here (the 100 terms of a Hessian entry); the moves are raw memory moves, without
    /// reference counting, and stay cheap up to `binaryInsertionLimit` elements. Stable.
    mutating func insertBinary(from start: Int, by precedes: (Element, Element) -> Bool) {
        withUnsafeMutableBufferPointer { $0.insertBinary(from: start, by: precedes) }
    }

    /// A stable merge sort whose passes move elements as raw memory: the library's sort retains
    /// and releases each element it compares, which was most of sorting the 2,000 terms of a
    /// long sum. Blocks of 32 are sorted by binary insertion, then merged
    /// pairwise between the array and one scratch buffer.
    mutating func mergeSortByMoving(by precedes: (Element, Element) -> Bool) {
        let block = 32
        withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let n = buffer.count
            for start in stride(from: 0, to: n, by: block) {
                UnsafeMutableBufferPointer(rebasing: buffer[start..<Swift.min(start + block, n)]).insertBinary(by: precedes)
            }
            if n <= block { return }
            let scratch = UnsafeMutablePointer<Element>.allocate(capacity: n)
            defer { scratch.deallocate() }
            var source = base, target = scratch
            var width = block
            while width < n {
                for lo in stride(from: 0, to: n, by: 2 * width) {
                    let mid = Swift.min(lo + width, n), hi = Swift.min(lo + 2 * width, n)
                    var i = lo, j = mid, out = lo
                    while i < mid && j < hi {
                        // Stable: the left run's element goes first unless the right one precedes it.
                        if precedes(source[j], source[i]) {
                            (target + out).moveInitialize(from: source + j, count: 1); j += 1
                        } else {
                            (target + out).moveInitialize(from: source + i, count: 1); i += 1
                        }
                        out += 1
                    }
                    (target + out).moveInitialize(from: source + i, count: mid - i)
                    out += mid - i
                    (target + out).moveInitialize(from: source + j, count: hi - j)
                }
                swap(&source, &target)
                width *= 2
            }
            if source != base { base.moveInitialize(from: source, count: n) }
        }
    }

    /// Sorts by `precedes` (a strict total order) by merging the already sorted runs: the terms
    /// or factors that a constructor collects mostly come as a few sorted runs (the children
    /// of its canonical arguments), so this costs about n comparisons per run boundary level.
    /// Many short runs are sorted by `insertBinary` instead (the library sort past its limit).
    mutating func sortMergingRuns(by precedes: (Element, Element) -> Bool) {
        let n = count
        if n < 2 { return }
        if n == 2 {
            if precedes(self[1], self[0]) { swapAt(0, 1) }
            return
        }
        // Already sorted (the common case): no bookkeeping array at all.
        var firstDescent = 1
        while firstDescent < n && !precedes(self[firstDescent], self[firstDescent - 1]) { firstDescent += 1 }
        if firstDescent == n { return }
        var bounds: [Int] = []
        bounds.reserveCapacity(n / 4 + 3)  // more runs than n/4 are not merged
        bounds.append(0)
        for i in firstDescent..<n where precedes(self[i], self[i - 1]) { bounds.append(i) }
        if bounds.count * 4 > n {
            // Many short runs: nothing to merge. The prefix up to the first descent is sorted.
            if n <= Array.binaryInsertionLimit { insertBinary(from: firstDescent, by: precedes) } else { mergeSortByMoving(by: precedes) }
            return
        }
        bounds.append(n)
        var source = self
        var target = self
        while bounds.count > 2 {
            var merged: [Int] = [0]
            var k = 0
            while k + 1 < bounds.count {
                let lo = bounds[k], mid = bounds[k + 1]
                let hi = k + 2 < bounds.count ? bounds[k + 2] : mid
                var i = lo, j = mid, out = lo
                while i < mid && j < hi {
                    // Stable: the left run's element goes first unless the right one precedes it.
                    if precedes(source[j], source[i]) { target[out] = source[j]; j += 1 } else { target[out] = source[i]; i += 1 }
                    out += 1
                }
                while i < mid { target[out] = source[i]; i += 1; out += 1 }
                while j < hi { target[out] = source[j]; j += 1; out += 1 }
                merged.append(hi)
                k += 2
            }
            bounds = merged
            swap(&source, &target)
        }
        self = source
    }
}

extension UnsafeMutableBufferPointer {
    /// `Array.insertBinary` over this buffer's elements.
    func insertBinary(from start: Int = 1, by precedes: (Element, Element) -> Bool) {
        guard let base = baseAddress else { return }
        for i in Swift.max(start, 1)..<Swift.max(count, 1) {
            if !precedes(base[i], base[i - 1]) { continue }  // already in place
            // The first place whose element x precedes: x goes after every element it does not.
            var low = 0, high = i - 1
            while low < high {
                let mid = (low + high) / 2
                if precedes(base[i], base[mid]) { high = mid } else { low = mid + 1 }
            }
            let x = (base + i).move()
            (base + low + 1).moveInitialize(from: base + low, count: i - low)
            (base + low).initialize(to: x)
        }
    }
}
