// swift-tools-version:6.1
// The polynomial kernel in-process: cancel of derivatives of quotients of polynomials, timed
// without process start-up. Run with bench/poly/run.py (release build).
import PackageDescription

let package = Package(
    name: "symdiff-poly-bench",
    // The repository through a link named symdiff that run.py makes (bench/out is git-ignored):
    // a path dependency's identity is its folder's name, which a checkout may name otherwise.
    dependencies: [.package(path: "../out/symdiff")],
    targets: [
        .executableTarget(name: "PolyBench", dependencies: [.product(name: "SymDiff", package: "symdiff")]),
    ]
)
