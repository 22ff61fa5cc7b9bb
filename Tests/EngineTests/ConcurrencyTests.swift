import Foundation
import Synchronization
import Testing
import SymDiff

/// The library is safe to use from many threads: the interning pool is the only shared mutable
/// state, split into shards that each have a lock. Eight threads differentiate, simplify and
/// print the same random expressions at once and must get exactly what one thread gets.
@Suite struct ConcurrencyTests {
    @Test func eightThreadsAgreeWithOne() throws {
        var generator = ExpressionGenerator(seed: 42)
        let sources = (0..<300).map { _ in generator.expression().description }

        @Sendable func work(_ texts: [String]) -> [String] {
            texts.map { text in
                guard let e = try? Parser().parse(text) else { return "parse error" }
                return e.derivative(withRespectTo: .symbol("x")).simplified().description
            }
        }
        let expected = work(sources)

        let results = Mutex<[Int: [String]]>([:])
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            // Each thread walks the list from a different place so threads race on creating
            // the same nodes.
            let rotated = Array(sources[(thread * 37 % sources.count)...] + sources[..<(thread * 37 % sources.count)])
            let out = work(rotated)
            let offset = thread * 37 % sources.count
            let back = Array(out[(out.count - offset)...] + out[..<(out.count - offset)])
            results.withLock { $0[thread] = back }
        }
        let all = results.withLock { $0 }
        #expect(all.count == 8)
        for (thread, got) in all.sorted(by: { $0.key < $1.key }) {
            #expect(got == expected, "thread \(thread) differs")
        }
    }
}
